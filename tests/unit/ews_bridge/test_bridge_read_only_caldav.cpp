// Issue 6 item 4 against the Exchange stand-in: a pair on a calendar the account may only read is
// read-only on CalDAV. The real engine, EWS adapter and client, the stand-in (its EffectiveRights
// and ErrorAccessDenied), a temporary store, and the real caldav::Engine on that store: a client's
// write is refused with 403 DAV:need-privileges (RFC 3744 7.1.1) and changes nothing; Exchange's
// changes still arrive; rights revoked between or during cycles turn a local edit into a conflict
// record and the local copy back into Exchange's; rights granted again make the calendar writable.
#include <catch2/catch.hpp>

#include <pugixml.hpp>

#include <set>
#include <string>
#include <vector>

#include "bridge_standin_world.h"
#include "caldav/engine/engine.h"
#include "caldav/xml/href.h"
#include "caldav/xml/qname.h"
#include "gateway/sync/conflict_restore.h"

using namespace calbridge;
using namespace calbridge::ews_bridge_test;

namespace {

const std::string kOther = "/dav/calendars/alice/other/";   // a calendar of alice's that is not bridged

struct Client {
    explicit Client(store::SqliteStore& store) : engine(store, caldav::EngineOptions{}) {}

    caldav::Response send(std::string method, const std::string& path, std::string body = {},
                          std::vector<std::pair<std::string, std::string>> headers = {}) {
        caldav::Request r;
        r.method = std::move(method);
        r.target = caldav::xml::encode_href(path);
        r.body = std::move(body);
        for (auto& [n, v] : headers) r.headers.add(n, v);
        r.user = "alice";
        r.origin = "http://127.0.0.1:5232";
        return engine.handle(r);
    }

    caldav::Engine engine;
};

pugi::xml_node child(pugi::xml_node parent, const caldav::xml::QName& name) {
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling())
        if (c.type() == pugi::node_element && caldav::xml::qname_of(c) == name) return c;
    return {};
}

// The 403 of RFC 3744 7.1.1: <D:error><D:need-privileges><D:resource><D:href>href</D:href>
// <D:privilege><D:privilege/></D:privilege></D:resource></D:need-privileges></D:error>.
void check_need_privileges(const caldav::Response& r, const std::string& href, const std::string& privilege) {
    INFO(r.body);
    CHECK(r.status == 403);
    pugi::xml_document doc;
    REQUIRE(doc.load_buffer(r.body.data(), r.body.size()));
    const auto root = doc.document_element();
    REQUIRE(caldav::xml::qname_of(root) == caldav::xml::dav("error"));
    const auto resource = child(child(root, caldav::xml::dav("need-privileges")), caldav::xml::dav("resource"));
    REQUIRE(resource);
    CHECK(std::string(child(resource, caldav::xml::dav("href")).text().as_string()) == caldav::xml::encode_href(href));
    CHECK(child(child(resource, caldav::xml::dav("privilege")), caldav::xml::dav(privilege)));
}

// The privileges DAV:current-user-privilege-set lists for alice on path (RFC 3744 5.4).
std::set<std::string> privileges_on(Client& c, const std::string& path) {
    const auto r = c.send("PROPFIND", path,
                          R"(<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop>)"
                          R"(<D:current-user-privilege-set/></D:prop></D:propfind>)",
                          {{"Depth", "0"}});
    INFO(r.body);
    REQUIRE(r.status == 207);
    pugi::xml_document doc;
    REQUIRE(doc.load_buffer(r.body.data(), r.body.size()));
    std::set<std::string> names;
    const auto set = child(child(child(child(doc.document_element(), caldav::xml::dav("response")),
                                       caldav::xml::dav("propstat")),
                                 caldav::xml::dav("prop")),
                           caldav::xml::dav("current-user-privilege-set"));
    REQUIRE(set);
    for (pugi::xml_node p = set.first_child(); p; p = p.next_sibling())
        if (auto name = p.first_child()) names.insert(caldav::xml::qname_of(name).name);
    return names;
}

bool writable_privileges(const std::set<std::string>& names) {
    return names.count("all") || names.count("write") || names.count("write-content") || names.count("bind") ||
           names.count("unbind") || names.count("write-properties");
}

std::string path_of(BridgeWorld& w, const std::string& uid) {
    const auto info = w.store.object_by_uid(w.cal_id, uid);
    REQUIRE(info);
    return info->path;
}

std::string etag_of(BridgeWorld& w, const std::string& uid) {
    const auto info = w.store.object_by_uid(w.cal_id, uid);
    REQUIRE(info);
    return info->etag;
}

bool pair_read_only(BridgeWorld& w) {
    const auto pair = w.store.find_bridge_pair("work");
    REQUIRE(pair);
    return pair->remote_read_only;
}

bool collection_read_only(BridgeWorld& w) { return w.store.collection(w.cal).value().read_only; }

std::uint64_t writes(BridgeWorld& w) {
    return w.fx.requests("CreateItem") + w.fx.requests("UpdateItem") + w.fx.requests("DeleteItem");
}

// A PUT of uid's local object with `summary`, conditional on its current etag.
caldav::Response put_summary(Client& c, BridgeWorld& w, const std::string& uid, const std::string& summary) {
    const auto text = w.local(uid);
    REQUIRE(text);
    return c.send("PUT", path_of(w, uid), with_master_field(*text, "SUMMARY", summary),
                  {{"Content-Type", "text/calendar; charset=utf-8"}, {"If-Match", "\"" + etag_of(w, uid) + "\""}});
}

// Every kind of CalDAV write on the read-only calendar is refused with the privilege it lacks, and
// the calendar (its change log, objects, etags, properties) is exactly as before.
void check_writes_refused(BridgeWorld& w, Client& c, const std::string& uid) {
    const auto before = w.store.collection(w.cal).value();
    const std::string path = path_of(w, uid);
    const std::string etag = etag_of(w, uid);
    const std::string text = *w.local(uid);
    const auto count = w.store.objects_with_data(w.cal_id).size();

    check_need_privileges(put_summary(c, w, uid, "A CalDAV edit"), path, "write-content");
    check_need_privileges(c.send("PUT", w.cal + "new-by-caldav.ics", single_event(77),
                                 {{"Content-Type", "text/calendar; charset=utf-8"}}),
                          w.cal, "bind");
    check_need_privileges(c.send("DELETE", path), w.cal, "unbind");
    check_need_privileges(c.send("PROPPATCH", w.cal,
                                 R"(<?xml version="1.0"?><D:propertyupdate xmlns:D="DAV:"><D:set><D:prop>)"
                                 R"(<D:displayname>Renamed</D:displayname></D:prop></D:set></D:propertyupdate>)"),
                          w.cal, "write-properties");
    check_need_privileges(c.send("PROPPATCH", path,
                                 R"(<?xml version="1.0"?><D:propertyupdate xmlns:D="DAV:" xmlns:X="urn:x"><D:set>)"
                                 R"(<D:prop><X:note>mine</X:note></D:prop></D:set></D:propertyupdate>)"),
                          path, "write-properties");
    check_need_privileges(c.send("MOVE", path, {}, {{"Destination", "http://127.0.0.1:5232" + kOther + "moved.ics"}}),
                          w.cal, "unbind");
    // Into the read-only calendar from a writable one: bind on the destination's collection.
    REQUIRE(c.send("PUT", kOther + "x.ics", single_event(78), {{"Content-Type", "text/calendar"}}).status == 201);
    check_need_privileges(c.send("COPY", kOther + "x.ics", {}, {{"Destination", "http://127.0.0.1:5232" + w.cal + "x.ics"}}),
                          w.cal, "bind");

    const auto after = w.store.collection(w.cal).value();
    CHECK(after.sync_seq == before.sync_seq);
    CHECK(after.props.display_name == before.props.display_name);
    CHECK(etag_of(w, uid) == etag);
    CHECK(*w.local(uid) == text);
    CHECK(w.store.objects_with_data(w.cal_id).size() == count);
    CHECK(w.store.dead_properties(path).empty());
    // Reading still works.
    CHECK(c.send("GET", path).status == 200);
    CHECK(c.send("REPORT", w.cal,
                 R"(<?xml version="1.0"?><C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">)"
                 R"(<D:prop><D:getetag/></D:prop><C:filter><C:comp-filter name="VCALENDAR"/></C:filter>)"
                 R"(</C:calendar-query>)",
                 {{"Depth", "1"}})
              .status == 207);
}

}  // namespace

TEST_CASE("read-only Exchange calendar: after one cycle CalDAV refuses every write with need-privileges",
          "[ews_bridge][bridge_e2e][read_only][caldav]") {
    BridgeWorld w(/*shared=*/true);   // bob's calendar, shared read-only with alice
    REQUIRE(w.store.make_collection(kOther, "alice", caldav::CollectionKind::calendar, {}).status ==
            caldav::WriteStatus::created);
    for (int i = 0; i < 3; ++i) w.colleague_create(single_event(i));
    Client c(w.store);
    // Before the first cycle the calendar is an ordinary one of alice's.
    CHECK_FALSE(collection_read_only(w));
    CHECK(writable_privileges(privileges_on(c, w.cal)));

    const auto folders_before = w.fx.requests("GetFolder");
    const sync::SyncReport r = w.sync();
    CHECK(r.complete);
    CHECK(r.read_only);
    CHECK(r.local.created == 3);
    CHECK(w.fx.requests("GetFolder") > folders_before);   // the folder's EffectiveRights were asked
    CHECK(pair_read_only(w));
    // Every read path of the store says so.
    CHECK(collection_read_only(w));
    bool listed = false;
    for (const auto& child_collection : w.store.child_collections("/dav/calendars/alice/")) {
        if (child_collection.path == w.cal) {
            listed = true;
            CHECK(child_collection.read_only);
        } else {
            CHECK_FALSE(child_collection.read_only);
        }
    }
    CHECK(listed);
    const auto token = w.store.issue_token(w.cal);
    REQUIRE(token);
    CHECK(w.store.collection_for_token(token->token).value().read_only);

    // DAV:current-user-privilege-set: read, no write privilege, on the calendar and its objects.
    const auto on_calendar = privileges_on(c, w.cal);
    CHECK(on_calendar.count("read"));
    CHECK_FALSE(writable_privileges(on_calendar));
    CHECK_FALSE(writable_privileges(privileges_on(c, path_of(w, single_uid(1)))));
    CHECK(writable_privileges(privileges_on(c, kOther)));

    check_writes_refused(w, c, single_uid(1));
    // Refused writes left nothing for the bridge to push or revert.
    const auto before = writes(w);
    w.check_converged();
    CHECK(writes(w) == before);
    CHECK(w.store.open_conflicts().empty());

    // Bob's edits, creations and deletions still arrive.
    w.colleague_edit(single_uid(1), "SUMMARY", "Bob renamed it");
    w.colleague_create(single_event(5));
    w.colleague_delete(single_uid(2));
    const auto colleague = writes(w);   // bob's own three
    CHECK(colleague == before + 3);
    w.check_converged();
    CHECK(master_field(*w.local(single_uid(1)), "SUMMARY") == "Bob renamed it");
    CHECK(w.local(single_uid(5)));
    CHECK_FALSE(w.local(single_uid(2)));
    CHECK(collection_read_only(w));
    CHECK(writes(w) == colleague);   // alice's gateway never wrote
    CHECK(w.fx.invalid_messages() == 0);
}

TEST_CASE("read-only Exchange calendar: rights revoked between cycles, then granted again",
          "[ews_bridge][bridge_e2e][read_only][caldav]") {
    BridgeWorld w;
    REQUIRE(w.store.make_collection(kOther, "alice", caldav::CollectionKind::calendar, {}).status ==
            caldav::WriteStatus::created);
    for (int i = 0; i < 3; ++i) w.put_local(single_event(i));
    w.check_converged();
    Client c(w.store);
    CHECK_FALSE(pair_read_only(w));
    CHECK(writable_privileges(privileges_on(c, w.cal)));

    // Alice edits through CalDAV while she still may; then her rights on the folder are revoked
    // before the next cycle pushes the edit.
    REQUIRE(put_summary(c, w, single_uid(1), "Edited before the rights went").status == 204);
    REQUIRE(w.fx.standin.set_folder_read_only(kAlice, "calendar", true));
    const std::string exchange = w.remote(single_uid(1)).value().ical;
    const auto before = writes(w);
    const sync::SyncReport r = w.sync();
    CHECK(r.read_only);
    CHECK(r.conflicts == 1);
    CHECK(writes(w) == before);   // EffectiveRights said so: no write was even tried
    CHECK(pair_read_only(w));
    CHECK(collection_read_only(w));
    // The local copy is Exchange's again; the edit is a conflict record.
    CHECK(master_field(*w.local(single_uid(1)), "SUMMARY") == master_field(exchange, "SUMMARY"));
    CHECK(master_field(*w.local(single_uid(1)), "SUMMARY") == "Single 1");
    const auto conflicts = w.store.open_conflicts();
    REQUIRE(conflicts.size() == 1);
    CHECK(conflicts[0].kind == sync::kConflictReadOnlyRemote);
    CHECK(conflicts[0].uid == single_uid(1));
    CHECK(master_field(conflicts[0].incoming_data, "SUMMARY") == "Edited before the rights went");
    w.check_converged();
    // The next CalDAV write is refused; restoring the kept edit is refused while read-only.
    check_writes_refused(w, c, single_uid(1));
    const sync::RestoreResult refused = sync::restore_conflict(w.store, conflicts[0].id);
    CHECK_FALSE(refused.ok);
    CHECK(refused.message.find("read-only") != std::string::npos);
    w.check_converged();
    CHECK(w.store.open_conflicts().size() == 1);

    // Rights granted again: the next cycle notices (EffectiveRights) and the calendar is writable.
    REQUIRE(w.fx.standin.set_folder_read_only(kAlice, "calendar", false));
    const sync::SyncReport again = w.sync();
    CHECK_FALSE(again.read_only);
    CHECK_FALSE(pair_read_only(w));
    CHECK_FALSE(collection_read_only(w));
    CHECK(writable_privileges(privileges_on(c, w.cal)));
    REQUIRE(put_summary(c, w, single_uid(2), "Edited after the grant").status == 204);
    w.expected[single_uid(2)] = "Edited after the grant";
    // The kept edit can be restored now, and reaches Exchange.
    const sync::RestoreResult restored = sync::restore_conflict(w.store, conflicts[0].id);
    INFO(restored.message);
    CHECK(restored.ok);
    w.expected[single_uid(1)] = "Edited before the rights went";
    w.check_converged();
    CHECK(w.remote(single_uid(1)).value().ical.find("Edited before the rights went") != std::string::npos);
    CHECK(w.store.open_conflicts().empty());
    CHECK(w.fx.invalid_messages() == 0);
}

TEST_CASE("read-only Exchange calendar: ErrorAccessDenied in the middle of a cycle reverts and locks at once",
          "[ews_bridge][bridge_e2e][read_only][caldav]") {
    BridgeWorld w;
    w.policy = sync::ConflictPolicy::local_wins;   // even local-wins never leaves the local copy diverged
    REQUIRE(w.store.make_collection(kOther, "alice", caldav::CollectionKind::calendar, {}).status ==
            caldav::WriteStatus::created);
    for (int i = 0; i < 4; ++i) w.put_local(single_event(i));
    w.check_converged();
    Client c(w.store);

    // Three local changes through CalDAV: a new event, an edit, a deletion.
    REQUIRE(c.send("PUT", w.cal + "new.ics", single_event(9), {{"Content-Type", "text/calendar"}}).status == 201);
    REQUIRE(put_summary(c, w, single_uid(1), "Edited, then refused").status == 204);
    REQUIRE(c.send("DELETE", path_of(w, single_uid(2))).status == 204);
    // The rights go after the cycle has read the folder's EffectiveRights (writable) and pulled:
    // the first write is answered ErrorAccessDenied.
    bool revoked = false;
    w.checkpoint = [&](std::string_view point) {
        if (point == "page saved" && !revoked) revoked = w.fx.standin.set_folder_read_only(kAlice, "calendar", true);
    };
    const auto creates = w.fx.requests("CreateItem");
    const auto updates = w.fx.requests("UpdateItem");
    const auto deletes = w.fx.requests("DeleteItem");
    const sync::SyncReport r = w.sync();
    w.checkpoint = nullptr;
    REQUIRE(revoked);
    CHECK(r.complete);
    CHECK(r.read_only);
    CHECK(r.conflicts == 3);
    // One refused round trip; the other changes were reverted without trying.
    CHECK(w.fx.requests("CreateItem") == creates + 1);
    CHECK(w.fx.requests("UpdateItem") == updates);
    CHECK(w.fx.requests("DeleteItem") == deletes);
    CHECK(pair_read_only(w));
    CHECK(collection_read_only(w));
    // Nothing diverged: the new event is gone, the edit undone, the deleted event back.
    CHECK_FALSE(w.local(single_uid(9)));
    CHECK(master_field(*w.local(single_uid(1)), "SUMMARY") == "Single 1");
    CHECK(w.local(single_uid(2)));
    w.check_converged();
    CHECK(w.store.open_conflicts().size() == 3);
    for (const auto& conflict : w.store.open_conflicts()) CHECK(conflict.kind == sync::kConflictReadOnlyRemote);
    // And the next PUT is refused.
    check_need_privileges(put_summary(c, w, single_uid(1), "Again"), path_of(w, single_uid(1)), "write-content");
    CHECK(w.fx.invalid_messages() == 0);
}
