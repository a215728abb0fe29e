#include <catch2/catch.hpp>

#include "store_fixture.h"

using namespace calbridge;
using namespace calbridge::store;
using namespace calbridge::store::testing;
using caldav::CollectionKind;
using caldav::WriteStatus;

namespace {
const std::string kHome = "/dav/calendars/alice/";
const std::string kOther = "/dav/calendars/alice/other/";

void make_other(SqliteStore& store) {
    REQUIRE(store.make_collection(kOther, "alice", CollectionKind::calendar, {}).status == WriteStatus::created);
}
}  // namespace

TEST_CASE("Copying an object makes a new resource with a new etag and the same spans", "[copy]") {
    StoreWithCalendar s;
    make_other(s.store);
    const auto put = s.store.put_object(event(kCal + "a.ics", "a", "x", {{100, 200, false}}), none());
    caldav::PropertyPatch patch;
    patch.set.push_back({"urn:x", "p", "<x:p xmlns:x=\"urn:x\"/>"});
    REQUIRE(s.store.patch_properties(kCal + "a.ics", patch).status == WriteStatus::replaced);

    const auto copied = s.store.copy(kCal + "a.ics", kOther + "a.ics", false);
    REQUIRE(copied.status == WriteStatus::created);
    CHECK(copied.etag != put.etag);
    CHECK(s.store.object_info(kOther + "a.ics")->etag == copied.etag);
    CHECK(s.store.object(kOther + "a.ics")->data == s.store.object(kCal + "a.ics")->data);
    CHECK(s.store.object_info(kCal + "a.ics")->etag == put.etag);
    const auto other_id = s.store.collection(kOther)->id;
    CHECK(s.store.objects_in_range(other_id, 150, 160).size() == 1);
    CHECK(s.store.dead_properties(kOther + "a.ics").size() == 1);

    // Overwrite: F onto an existing resource; T replaces it.
    CHECK(s.store.copy(kCal + "a.ics", kOther + "a.ics", false).status == WriteStatus::destination_exists);
    CHECK(s.store.copy(kCal + "a.ics", kOther + "a.ics", true).status == WriteStatus::replaced);
    // The UID exists in the destination under another name.
    const auto clash = s.store.copy(kCal + "a.ics", kOther + "b.ics", false);
    CHECK(clash.status == WriteStatus::uid_conflict);
    CHECK(clash.conflicting_path == kOther + "a.ics");
    CHECK_FALSE(s.store.object_info(kOther + "b.ics"));

    CHECK(s.store.copy(kCal + "a.ics", kCal + "a.ics", true).status == WriteStatus::not_allowed);
    CHECK(s.store.copy(kCal + "nope.ics", kOther + "x.ics", false).status == WriteStatus::not_found);
    CHECK(s.store.copy(kCal + "a.ics", kHome + "missing/a.ics", false).status == WriteStatus::parent_missing);
}

TEST_CASE("Moving an object keeps its etag and logs both collections", "[move]") {
    StoreWithCalendar s;
    make_other(s.store);
    const auto put = s.store.put_object(event(kCal + "a.ics", "a", "x", {{100, 200, false}}), none());
    const auto cal_seq = s.store.collection(kCal)->sync_seq;
    const auto other = s.store.collection(kOther).value();

    const auto moved = s.store.move(kCal + "a.ics", kOther + "moved.ics", false);
    REQUIRE(moved.status == WriteStatus::created);
    CHECK(moved.etag == put.etag);
    CHECK_FALSE(s.store.object_info(kCal + "a.ics"));
    const auto info = s.store.object_info(kOther + "moved.ics");
    REQUIRE(info);
    CHECK(info->etag == put.etag);
    CHECK(info->collection_id == other.id);
    CHECK(s.store.objects_in_range(s.cal_id, 0, 1000).empty());
    CHECK(s.store.objects_in_range(other.id, 0, 1000).size() == 1);
    CHECK(s.store.object_by_uid(other.id, "a"));

    const auto source_changes = s.store.changes_since(s.cal_id, cal_seq, 0).value();
    REQUIRE(source_changes.changes.size() == 1);
    CHECK(source_changes.changes[0].deleted);
    const auto dest_changes = s.store.changes_since(other.id, other.sync_seq, 0).value();
    REQUIRE(dest_changes.changes.size() == 1);
    CHECK(dest_changes.changes[0].path == kOther + "moved.ics");
    CHECK_FALSE(dest_changes.changes[0].deleted);

    // Renaming within the collection: its own UID does not conflict with itself.
    CHECK(s.store.move(kOther + "moved.ics", kOther + "renamed.ics", false).status == WriteStatus::created);
}

TEST_CASE("Copying and moving collection trees rewrites every path below", "[copy][move][tree]") {
    StoreWithCalendar s;
    const std::string tree = kHome + "tree/";
    REQUIRE(s.store.make_collection(tree, "alice", CollectionKind::plain, {}).status == WriteStatus::created);
    REQUIRE(s.store.make_collection(tree + "cal/", "alice", CollectionKind::calendar, {}).status == WriteStatus::created);
    REQUIRE(s.store.put_object(event(tree + "cal/e.ics", "e", "x", {{100, 200, false}}), none()).status ==
            WriteStatus::created);
    REQUIRE(s.store.put_object({tree + "note.txt", "n", "text/plain", "", {}}, none()).status == WriteStatus::created);
    caldav::PropertyPatch patch;
    patch.set.push_back({"urn:x", "p", "<x:p xmlns:x=\"urn:x\"/>"});
    REQUIRE(s.store.patch_properties(tree + "cal/", patch).status == WriteStatus::replaced);
    const auto etag = s.store.object_info(tree + "cal/e.ics")->etag;

    const std::string copy = kHome + "tree-copy/";
    REQUIRE(s.store.copy(tree, copy, false).status == WriteStatus::created);
    CHECK(s.store.collection(copy + "cal/")->kind == CollectionKind::calendar);
    CHECK(s.store.object_info(copy + "cal/e.ics")->etag != etag);
    CHECK(s.store.object_info(copy + "note.txt"));
    CHECK(s.store.dead_properties(copy + "cal/").size() == 1);
    CHECK(s.store.collection(tree + "cal/"));  // the source stays
    const auto copied_cal = s.store.collection(copy + "cal/").value();
    CHECK(s.store.objects_in_range(copied_cal.id, 0, 1000).size() == 1);

    // Into itself, into a calendar, onto an existing tree without Overwrite.
    CHECK(s.store.copy(tree, tree + "inner/", false).status == WriteStatus::not_allowed);
    CHECK(s.store.move(tree, kCal + "tree/", false).status == WriteStatus::not_allowed);
    CHECK(s.store.move(tree, copy, false).status == WriteStatus::destination_exists);

    const std::string moved = kHome + "moved/";
    const auto cal_id = s.store.collection(tree + "cal/")->id;
    REQUIRE(s.store.move(tree, moved, false).status == WriteStatus::created);
    CHECK_FALSE(s.store.collection(tree));
    CHECK_FALSE(s.store.collection(tree + "cal/"));
    CHECK_FALSE(s.store.object_info(tree + "cal/e.ics"));
    const auto moved_cal = s.store.collection(moved + "cal/");
    REQUIRE(moved_cal);
    CHECK(moved_cal->id == cal_id);  // the same collection under a new path
    CHECK(s.store.object_info(moved + "cal/e.ics")->etag == etag);
    CHECK(s.store.object(moved + "note.txt")->data == "n");
    CHECK(s.store.child_collections(moved).size() == 1);
    CHECK(s.store.objects_in_range(cal_id, 0, 1000).size() == 1);
    // The moved calendar starts a fresh log: a position from before is refused.
    CHECK_FALSE(s.store.changes_since(cal_id, moved_cal->sync_seq - 1, 0));

    // Overwrite: T onto an existing tree replaces it.
    REQUIRE(s.store.move(moved, copy, true).status == WriteStatus::replaced);
    CHECK(s.store.object_info(copy + "cal/e.ics")->etag == etag);
    CHECK_FALSE(s.store.collection(moved));
    CHECK(s.store.objects(s.store.collection(copy + "cal/")->id).size() == 1);
    // Onto an ancestor of the source.
    CHECK(s.store.move(copy + "cal/", copy, true).status == WriteStatus::not_allowed);
    CHECK(s.store.integrity_check() == "ok");
}

TEST_CASE("Moving an object onto the collection that holds it is refused", "[move]") {
    StoreWithCalendar s;
    REQUIRE(s.store.put_object(event(kCal + "a.ics", "a", "x"), none()).status == WriteStatus::created);
    CHECK(s.store.move(kCal + "a.ics", "/dav/calendars/alice/work", true).status == WriteStatus::not_allowed);
    CHECK(s.store.object_info(kCal + "a.ics"));
}

TEST_CASE("COPY Depth 0 of a collection is one write: the collection and its properties, no members",
          "[copy][atomic]") {
    StoreWithCalendar s;
    const std::string a = kHome + "a/", b = kHome + "b/";
    caldav::CollectionPatch live;
    live.display_name = "A";
    const std::vector<caldav::DeadProperty> dead{{"urn:x", "p", "<x:p xmlns:x=\"urn:x\">a</x:p>"}};
    REQUIRE(s.store.make_collection(a, "alice", CollectionKind::plain, live, dead).status == WriteStatus::created);
    REQUIRE(s.store.put_object(caldav::ObjectWrite{a + "x.txt", "x", "text/plain", "", {}}, none()).status ==
            WriteStatus::created);
    REQUIRE(s.store.make_collection(b, "alice", CollectionKind::plain, {}).status == WriteStatus::created);
    REQUIRE(s.store.put_object(caldav::ObjectWrite{b + "y.txt", "y", "text/plain", "", {}}, none()).status ==
            WriteStatus::created);

    caldav::TransferRequest depth0 = caldav::whole_tree(a, b, false, false);
    depth0.members = false;
    CHECK(s.store.transfer(depth0).status == WriteStatus::destination_exists);
    CHECK(s.store.object_info(b + "y.txt"));
    depth0.overwrite = true;
    REQUIRE(s.store.transfer(depth0).status == WriteStatus::replaced);
    CHECK(s.store.collection(b)->props.display_name == "A");
    REQUIRE(s.store.dead_properties(b).size() == 1);
    CHECK(s.store.dead_properties(b)[0].xml == dead[0].xml);
    CHECK_FALSE(s.store.object_info(b + "y.txt"));   // the old destination went as a whole
    CHECK_FALSE(s.store.object_info(b + "x.txt"));   // no members
    CHECK(s.store.object_info(a + "x.txt"));
    // MOVE always takes the whole tree (RFC 4918 9.9.2).
    caldav::TransferRequest move = caldav::whole_tree(a, kHome + "c/", true, false);
    move.members = false;
    REQUIRE(s.store.transfer(move).status == WriteStatus::created);
    CHECK(s.store.object_info(kHome + "c/x.txt"));
}

TEST_CASE("A transfer checks the source's precondition in its own transaction", "[copy][move][preconditions]") {
    StoreWithCalendar s;
    make_other(s.store);
    const auto put = s.store.put_object(event(kCal + "a.ics", "a", "x"), none());
    caldav::TransferRequest move = caldav::whole_tree(kCal + "a.ics", kOther + "a.ics", true, false);
    move.source = if_match("stale");
    CHECK(s.store.transfer(move).status == WriteStatus::precondition_failed);
    CHECK(s.store.object_info(kCal + "a.ics"));
    CHECK_FALSE(s.store.object_info(kOther + "a.ics"));
    move.source = if_none_match_any();   // the source exists
    CHECK(s.store.transfer(move).status == WriteStatus::precondition_failed);
    move.source.if_match = {"stale", put.etag};
    move.source.if_none_match_any = false;
    CHECK(s.store.transfer(move).status == WriteStatus::created);
    // A collection has no etag: only "*" matches it.
    caldav::TransferRequest copy = caldav::whole_tree(kOther, kHome + "copy/", false, false);
    copy.source = if_match(put.etag);
    CHECK(s.store.transfer(copy).status == WriteStatus::precondition_failed);
    CHECK_FALSE(s.store.collection(kHome + "copy/"));
    copy.source = if_match("*");
    CHECK(s.store.transfer(copy).status == WriteStatus::created);
}

TEST_CASE("An object rewritten on its way into a calendar moves in one write", "[move][atomic]") {
    // TransferRequest::content: the engine's validated object (uid, spans) is stored at the
    // destination, the source's dead properties go along, the source goes in the same write.
    StoreWithCalendar s;
    const std::string files = kHome + "files/";
    REQUIRE(s.store.make_collection(files, "alice", CollectionKind::plain, {}).status == WriteStatus::created);
    caldav::ObjectWrite plain = event(files + "e.ics", "", "plain");
    plain.uid.clear();
    REQUIRE(s.store.put_object(plain, none()).status == WriteStatus::created);
    caldav::PropertyPatch patch;
    patch.set.push_back({"urn:x", "p", "<x:p xmlns:x=\"urn:x\"/>"});
    REQUIRE(s.store.patch_properties(files + "e.ics", patch).status == WriteStatus::replaced);

    caldav::TransferRequest move = caldav::whole_tree(files + "e.ics", kCal + "e.ics", true, false);
    move.content = event("ignored", "e-uid", "plain", {{100, 200, false}});
    move.content->data = plain.data;

    SECTION("moved, indexed and with its properties") {
        const auto files_seq = s.store.collection(files)->sync_seq;
        const auto cal_seq = s.store.collection(kCal)->sync_seq;
        const auto moved = s.store.transfer(move);
        REQUIRE(moved.status == WriteStatus::created);
        CHECK_FALSE(s.store.object_info(files + "e.ics"));
        const auto info = s.store.object_info(kCal + "e.ics");
        REQUIRE(info);
        CHECK(info->etag == moved.etag);
        CHECK(info->uid == "e-uid");
        CHECK(s.store.objects_in_range(s.cal_id, 150, 160).size() == 1);
        CHECK(s.store.dead_properties(kCal + "e.ics").size() == 1);
        // The source collection's log has the tombstone, the calendar's the new member.
        const auto gone = s.store.changes_since(s.store.collection(files)->id, files_seq, 0);
        REQUIRE(gone);
        REQUIRE(gone->changes.size() == 1);
        CHECK(gone->changes[0].deleted);
        const auto arrived = s.store.changes_since(s.cal_id, cal_seq, 0);
        REQUIRE(arrived);
        REQUIRE(arrived->changes.size() == 1);
        CHECK(arrived->changes[0].path == kCal + "e.ics");
        CHECK_FALSE(arrived->changes[0].deleted);
    }
    SECTION("a UID conflict in the calendar changes nothing") {
        REQUIRE(s.store.put_object(event(kCal + "holder.ics", "e-uid", "x"), none()).status == WriteStatus::created);
        const auto refused = s.store.transfer(move);
        CHECK(refused.status == WriteStatus::uid_conflict);
        CHECK(refused.conflicting_path == kCal + "holder.ics");
        CHECK(s.store.object_info(files + "e.ics"));
        CHECK_FALSE(s.store.object_info(kCal + "e.ics"));
        CHECK(s.store.dead_properties(files + "e.ics").size() == 1);
    }
    SECTION("a copy keeps the source") {
        move.move = false;
        REQUIRE(s.store.transfer(move).status == WriteStatus::created);
        CHECK(s.store.object_info(files + "e.ics"));
        CHECK(s.store.object_info(kCal + "e.ics")->uid == "e-uid");
    }
}
