// The store side of the bridge (schema version 4, SqliteStore::bridge_*): an object and its link
// change together or not at all.
#include "bridge_fixture.h"

using namespace calbridge;
using namespace calbridge::sync;
using namespace calbridge::sync::testing;

namespace {

caldav::ObjectWrite write_of(World& w, const std::string& uid, const std::string& text) {
    caldav::ValidationResult valid = caldav::validate_calendar_object(text);
    REQUIRE(valid);
    return {w.cal + uid + ".ics", text, "text/calendar; charset=utf-8", uid, valid.object->spans};
}

}  // namespace

TEST_CASE("bridge_pair is made once and refuses another collection", "[bridge][store]") {
    World w;
    const auto pair = w.store.bridge_pair("work", w.cal, "ex:calendar");
    CHECK(pair.remote_state.empty());
    CHECK(pair.full_listing);
    CHECK(pair.local_seq == 0);
    CHECK(w.store.bridge_pair("work", w.cal, "ex:calendar").id == pair.id);
    CHECK_THROWS_AS(w.store.bridge_pair("work", "/dav/calendars/alice/", "ex:calendar"), store::StoreError);
    CHECK_THROWS_AS(w.store.bridge_pair("other", "/dav/calendars/nobody/x/", "ex:calendar"), store::StoreError);
    w.store.bridge_save_remote_state(pair.id, "1:5", false, 3, {});
    w.store.bridge_save_local_position(pair.id, 42);
    const auto saved = w.store.find_bridge_pair("work");
    CHECK(saved->remote_state == "1:5");
    CHECK_FALSE(saved->full_listing);
    CHECK(saved->listing_round == 3);
    CHECK(saved->local_seq == 42);
}

TEST_CASE("bridge_apply writes the object and its link together, with the spans of a PUT", "[bridge][store]") {
    World w;
    const auto pair = w.store.bridge_pair("work", w.cal, "ex:calendar");
    const std::string v1 = event("a", {{"SUMMARY", "one"}});
    store::BridgeLink link{"a", {}, {}, "id-1", "ck-1", v1, 0};
    const auto created = w.store.bridge_apply(pair.id, write_of(w, "a", v1), {{}, true}, link, false);
    REQUIRE(created.status == caldav::WriteStatus::created);
    auto stored = w.store.bridge_link(pair.id, "a");
    REQUIRE(stored);
    CHECK(stored->local_etag == created.etag);
    CHECK(stored->local_path == w.cal + "a.ics");
    CHECK(stored->base == v1);
    CHECK(stored->seen_round == pair.listing_round);
    CHECK(w.store.objects_in_range(w.cal_id, 1773133200, 1773133201).size() == 1);

    // A client wrote meanwhile: the engine's precondition fails, neither object nor link change.
    const std::string client = w.put_local(event("a", {{"SUMMARY", "client"}}));
    link.remote_version = "ck-2";
    const auto refused = w.store.bridge_apply(pair.id, write_of(w, "a", event("a", {{"SUMMARY", "two"}})),
                                              {{created.etag}, false}, link, false,
                                              store::NewConflict{w.cal, "a", "exchange:work", "k", "", "x"});
    CHECK(refused.status == caldav::WriteStatus::precondition_failed);
    CHECK(field(*w.local("a"), "SUMMARY") == "client");
    CHECK(w.store.bridge_link(pair.id, "a")->remote_version == "ck-1");
    CHECK(w.conflicts().empty());

    // push pending: the link's local etag is empty.
    const auto merged = w.store.bridge_apply(pair.id, write_of(w, "a", event("a", {{"SUMMARY", "merged"}})),
                                             {{client}, false}, link, true);
    REQUIRE(merged.status == caldav::WriteStatus::replaced);
    CHECK(w.store.bridge_link(pair.id, "a")->local_etag.empty());
    CHECK(w.store.pending_bridge_links(pair.id).size() == 1);
}

TEST_CASE("bridge_remove deletes the object, its link and records a conflict atomically", "[bridge][store]") {
    World w;
    const auto pair = w.store.bridge_pair("work", w.cal, "ex:calendar");
    const std::string v1 = event("a", {{"SUMMARY", "one"}});
    const auto created = w.store.bridge_apply(pair.id, write_of(w, "a", v1), {{}, true},
                                              {"a", {}, {}, "id-1", "ck-1", v1, 0}, false);
    const auto refused = w.store.bridge_remove(pair.id, "a", w.cal + "a.ics", {{"other"}, false});
    CHECK(refused.status == caldav::WriteStatus::precondition_failed);
    CHECK(w.local("a"));
    CHECK(w.store.bridge_link(pair.id, "a"));
    const auto removed = w.store.bridge_remove(pair.id, "a", w.cal + "a.ics", {{created.etag}, false},
                                               store::NewConflict{w.cal, "a", "exchange:work", "k", "", v1});
    CHECK(removed.status == caldav::WriteStatus::deleted);
    CHECK_FALSE(w.local("a"));
    CHECK_FALSE(w.store.bridge_link(pair.id, "a"));
    CHECK(w.conflicts().size() == 1);
}

TEST_CASE("a remote id belongs to one link", "[bridge][store]") {
    World w;
    const auto pair = w.store.bridge_pair("work", w.cal, "ex:calendar");
    w.store.bridge_record_link(pair.id, {"a", w.cal + "a.ics", "e1", "id-1", "ck-1", "base", 0});
    w.store.bridge_record_link(pair.id, {"b", w.cal + "b.ics", "e2", "id-1", "ck-2", "base", 0});
    const auto links = w.store.bridge_links(pair.id);
    REQUIRE(links.size() == 1);
    CHECK(links[0].uid == "b");
    CHECK(w.store.bridge_link_by_remote_id(pair.id, "id-1")->uid == "b");
    CHECK(w.store.bridge_link_by_path(pair.id, w.cal + "b.ics")->uid == "b");
    w.store.bridge_save_remote_state(pair.id, "", true, 5, std::vector<std::string>{"id-1"});
    CHECK(w.store.unseen_bridge_links(pair.id, 5).empty());
    CHECK(w.store.unseen_bridge_links(pair.id, 6).size() == 1);
    w.store.bridge_forget_link(pair.id, "b");
    CHECK(w.store.bridge_links(pair.id).empty());
}

TEST_CASE("create intents are kept until the UID's link is recorded", "[bridge][store]") {
    World w;
    const auto pair = w.store.bridge_pair("work", w.cal, "ex:calendar");
    const std::pair<std::string, std::string> intents[] = {{"a", "text a"}, {"b", "text b"}};
    w.store.bridge_intend_creates(pair.id, intents);
    const std::string asked[] = {"a", "b", "c"};
    auto found = w.store.bridge_create_intents(pair.id, asked);
    REQUIRE(found.size() == 2);
    CHECK(found[0] == std::pair<std::string, std::string>{"a", "text a"});
    w.store.bridge_record_link(pair.id, {"a", w.cal + "a.ics", "e1", "id-1", "ck-1", "text a", 0});
    w.store.bridge_clear_create_intent(pair.id, "b");
    CHECK(w.store.bridge_create_intents(pair.id, asked).empty());
}

TEST_CASE("a pair's read-only flag makes its collection read_only on every read, and the bridge still writes",
          "[bridge][store][read_only]") {
    World w;
    REQUIRE(w.store.make_collection("/dav/calendars/alice/other/", "alice", caldav::CollectionKind::calendar, {})
                .status == caldav::WriteStatus::created);
    const auto pair = w.store.bridge_pair("work", w.cal, "ex:calendar");
    CHECK_FALSE(pair.remote_read_only);
    CHECK_FALSE(w.store.collection(w.cal)->read_only);

    w.store.bridge_save_remote_read_only(pair.id, true);
    CHECK(w.store.find_bridge_pair("work")->remote_read_only);
    CHECK(w.store.bridge_pairs().at(0).remote_read_only);
    CHECK(w.store.collection(w.cal)->read_only);
    CHECK_FALSE(w.store.collection("/dav/calendars/alice/other/")->read_only);
    int seen = 0;
    for (const auto& c : w.store.child_collections("/dav/calendars/alice/")) {
        CHECK(c.read_only == (c.path == w.cal));
        ++seen;
    }
    CHECK(seen == 2);
    const auto token = w.store.issue_token(w.cal);
    REQUIRE(token);
    CHECK(w.store.collection_for_token(token->token)->read_only);

    // The flag is a CalDAV rule (caldav/access): the bridge's own writes go on.
    const std::string text = event("a", {{"SUMMARY", "pulled"}});
    const auto r = w.store.bridge_apply(pair.id, write_of(w, "a", text), {{}, true},
                                        {"a", "", "", "remote-a", "v1", text, 0}, false);
    CHECK(r.status == caldav::WriteStatus::created);
    CHECK(w.local("a"));

    w.store.bridge_save_remote_read_only(pair.id, false);
    CHECK_FALSE(w.store.collection(w.cal)->read_only);

    // A pair renamed in the configuration starts afresh: the old name's flag, which nothing would
    // ever clear again, no longer keeps the calendar read-only (found in review).
    w.store.bridge_save_remote_read_only(pair.id, true);
    REQUIRE(w.store.collection(w.cal)->read_only);
    const auto renamed = w.store.bridge_pair("work-renamed", w.cal, "exchange:calendar");
    CHECK_FALSE(w.store.find_bridge_pair("work")->remote_read_only);
    CHECK_FALSE(renamed.remote_read_only);
    CHECK_FALSE(w.store.collection(w.cal)->read_only);
}

TEST_CASE("a read-only remote is asked for its rights again each cycle, a writable one once per Bridge",
          "[bridge][read_only]") {
    World w;
    w.remote.colleague_create(event("shared", {{"SUMMARY", "S"}}));
    w.remote.can_write = false;
    Bridge bridge(w.store, w.remote, w.options());
    bridge.run_once();
    CHECK(w.store.find_bridge_pair("work")->remote_read_only);
    CHECK(w.store.collection(w.cal)->read_only);
    w.remote.calls.clear();
    w.remote.can_write = true;   // granted
    const SyncReport granted = bridge.run_once();
    CHECK(w.remote.calls["capabilities"] == 1);
    CHECK_FALSE(granted.read_only);
    CHECK_FALSE(w.store.collection(w.cal)->read_only);
    w.remote.calls.clear();
    bridge.run_once();
    CHECK(w.remote.calls["capabilities"] == 0);   // writable: the first answer holds (access_denied tells otherwise)
}

TEST_CASE("read-only remote: local-wins does not keep a local change the remote can never take",
          "[bridge][read_only]") {
    World w;
    w.policy = ConflictPolicy::local_wins;
    const std::string id = w.remote.colleague_create(event("shared", {{"SUMMARY", "Theirs"}}));
    w.sync();
    w.remote.can_write = false;
    w.put_local(event("shared", {{"SUMMARY", "Mine"}}));
    w.remote.colleague_update(id, event("shared", {{"SUMMARY", "Theirs, later"}}));
    const SyncReport r = w.sync();
    CHECK(r.read_only);
    CHECK(r.conflicts >= 1);
    CHECK(field(*w.local("shared"), "SUMMARY") == "Theirs, later");
    bool kept = false;
    for (const auto& c : w.conflicts()) kept = kept || field(c.incoming_data, "SUMMARY") == "Mine";
    CHECK(kept);
    w.remote.calls.clear();
    w.sync();
    CHECK(w.remote.calls["update"] == 0);
    check_converged(w);
}
