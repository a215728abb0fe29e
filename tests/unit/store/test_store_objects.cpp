#include <catch2/catch.hpp>

#include "store_fixture.h"

using namespace calbridge;
using namespace calbridge::store;
using namespace calbridge::store::testing;
using caldav::WriteStatus;

TEST_CASE("put_object creates, replaces and reads back an object", "[objects]") {
    StoreWithCalendar s;
    auto w = event(kCal + "a.ics", "uid-a", "first");
    const auto created = s.store.put_object(w, none());
    REQUIRE(created.status == WriteStatus::created);
    CHECK_FALSE(created.etag.empty());

    const auto object = s.store.object(kCal + "a.ics");
    REQUIRE(object);
    CHECK(object->data == w.data);
    CHECK(object->info.etag == created.etag);
    CHECK(object->info.uid == "uid-a");
    CHECK(object->info.size == static_cast<std::int64_t>(w.data.size()));
    CHECK(object->info.content_type == "text/calendar; charset=utf-8");
    CHECK(object->info.collection_id == s.cal_id);

    w.data += "X";
    const auto replaced = s.store.put_object(w, none());
    CHECK(replaced.status == WriteStatus::replaced);
    CHECK(replaced.etag != created.etag);
    CHECK(s.store.object_info(kCal + "a.ics")->etag == replaced.etag);
    CHECK(s.store.object(kCal + "a.ics")->data == w.data);

    // Same bytes again: a PUT makes a new entity, so a new etag (change_log.h).
    const auto again = s.store.put_object(w, none());
    CHECK(again.status == WriteStatus::replaced);
    CHECK(again.etag != replaced.etag);
    // Reads never change the etag.
    CHECK(s.store.object_info(kCal + "a.ics")->etag == again.etag);
}

TEST_CASE("If-Match and If-None-Match: * are checked against the stored etag", "[objects][preconditions]") {
    StoreWithCalendar s;
    const std::string path = kCal + "p.ics";
    CHECK(s.store.put_object(event(path, "p", "x"), if_match("*")).status == WriteStatus::precondition_failed);
    CHECK(s.store.put_object(event(path, "p", "x"), if_match("nope")).status == WriteStatus::precondition_failed);
    CHECK_FALSE(s.store.object_info(path));

    const auto first = s.store.put_object(event(path, "p", "1"), if_none_match_any());
    REQUIRE(first.status == WriteStatus::created);
    CHECK(s.store.put_object(event(path, "p", "2"), if_none_match_any()).status == WriteStatus::precondition_failed);
    CHECK(s.store.put_object(event(path, "p", "2"), if_match("stale")).status == WriteStatus::precondition_failed);
    CHECK(s.store.object(path)->data.find("SUMMARY:1") != std::string::npos);

    const auto second = s.store.put_object(event(path, "p", "2"), if_match(first.etag));
    CHECK(second.status == WriteStatus::replaced);
    CHECK(s.store.put_object(event(path, "p", "3"), if_match("*")).status == WriteStatus::replaced);

    CHECK(s.store.remove(path, if_match(first.etag)).status == WriteStatus::precondition_failed);
    const auto current = s.store.object_info(path)->etag;
    CHECK(s.store.remove(path, if_match(current)).status == WriteStatus::deleted);
    CHECK(s.store.remove(path, none()).status == WriteStatus::not_found);
}

TEST_CASE("A UID is unique per calendar collection", "[objects][uid]") {
    StoreWithCalendar s;
    REQUIRE(s.store.put_object(event(kCal + "one.ics", "same", "a"), none()).status == WriteStatus::created);
    const auto clash = s.store.put_object(event(kCal + "two.ics", "same", "b"), none());
    CHECK(clash.status == WriteStatus::uid_conflict);
    CHECK(clash.conflicting_path == kCal + "one.ics");
    CHECK_FALSE(s.store.object_info(kCal + "two.ics"));
    // Re-putting the holder itself is fine, and the same UID in another calendar too.
    CHECK(s.store.put_object(event(kCal + "one.ics", "same", "c"), none()).status == WriteStatus::replaced);
    REQUIRE(s.store.make_collection("/dav/calendars/alice/home/", "alice", caldav::CollectionKind::calendar, {}).status ==
            WriteStatus::created);
    CHECK(s.store.put_object(event("/dav/calendars/alice/home/one.ics", "same", "d"), none()).status ==
          WriteStatus::created);

    const auto found = s.store.object_by_uid(s.cal_id, "same");
    REQUIRE(found);
    CHECK(found->path == kCal + "one.ics");
    CHECK_FALSE(s.store.object_by_uid(s.cal_id, "other"));
    // Empty UIDs (plain collections) are not unique.
    CHECK(s.store.put_object({"/dav/calendars/alice/x1", "a", "text/plain", "", {}}, none()).status == WriteStatus::created);
    CHECK(s.store.put_object({"/dav/calendars/alice/x2", "b", "text/plain", "", {}}, none()).status == WriteStatus::created);
}

TEST_CASE("put_object needs an existing parent and cannot replace a collection", "[objects]") {
    StoreWithCalendar s;
    CHECK(s.store.put_object(event("/dav/calendars/alice/missing/a.ics", "a", "x"), none()).status ==
          WriteStatus::parent_missing);
    CHECK(s.store.put_object(event("/dav/calendars/alice/work", "a", "x"), none()).status == WriteStatus::not_allowed);
    CHECK(s.store.put_object(event(kCal, "a", "x"), none()).status == WriteStatus::not_allowed);
}

TEST_CASE("Plain collections hold any content, binary included", "[objects]") {
    StoreWithCalendar s;
    const std::string bytes("\0\x01\xff\0text", 8);
    caldav::ObjectWrite w{"/dav/calendars/alice/blob.bin", bytes, "application/octet-stream", "", {}};
    REQUIRE(s.store.put_object(w, none()).status == WriteStatus::created);
    CHECK(s.store.object("/dav/calendars/alice/blob.bin")->data == bytes);
    caldav::ObjectWrite empty{"/dav/calendars/alice/empty", "", "text/plain", "", {}};
    REQUIRE(s.store.put_object(empty, none()).status == WriteStatus::created);
    CHECK(s.store.object("/dav/calendars/alice/empty")->data.empty());
    CHECK(s.store.object_info("/dav/calendars/alice/empty")->size == 0);
}

TEST_CASE("Listing reads metadata in path order, multiget keeps the order given", "[objects][reads]") {
    StoreWithCalendar s;
    for (const char* name : {"c.ics", "a.ics", "b.ics"})
        REQUIRE(s.store.put_object(event(kCal + name, name, name), none()).status == WriteStatus::created);
    const auto infos = s.store.objects(s.cal_id);
    REQUIRE(infos.size() == 3);
    CHECK(infos[0].path == kCal + "a.ics");
    CHECK(infos[2].path == kCal + "c.ics");
    const auto with_data = s.store.objects_with_data(s.cal_id);
    REQUIRE(with_data.size() == 3);
    CHECK(with_data[1].data.find("UID:b.ics") != std::string::npos);

    const std::vector<std::string> wanted{kCal + "c.ics", kCal + "nope.ics", kCal + "a.ics"};
    const auto got = s.store.objects_by_path(wanted);
    REQUIRE(got.size() == 2);
    CHECK(got[0].info.path == kCal + "c.ics");
    CHECK(got[1].info.path == kCal + "a.ics");
}

TEST_CASE("If-Match with several entity tags holds when one of them is current", "[objects][preconditions]") {
    // RFC 9110 13.1.1: If-Match: "a", "b" — checked in the write's transaction like one tag.
    StoreWithCalendar s;
    const std::string path = kCal + "list.ics";
    const auto first = s.store.put_object(event(path, "list", "1"), none());
    REQUIRE(first.status == WriteStatus::created);
    caldav::Precondition pre;
    pre.if_match = {"stale-1", "stale-2"};
    CHECK(s.store.put_object(event(path, "list", "2"), pre).status == WriteStatus::precondition_failed);
    CHECK(s.store.remove(path, pre).status == WriteStatus::precondition_failed);
    CHECK(s.store.object_info(path)->etag == first.etag);
    pre.if_match = {"stale-1", first.etag};
    const auto second = s.store.put_object(event(path, "list", "2"), pre);
    CHECK(second.status == WriteStatus::replaced);
    CHECK(s.store.remove(path, pre).status == WriteStatus::precondition_failed);   // first.etag is stale now
    pre.if_match = {"stale-1", second.etag};
    CHECK(s.store.remove(path, pre).status == WriteStatus::deleted);
    // Without an object no tag matches.
    CHECK(s.store.put_object(event(path, "list", "3"), pre).status == WriteStatus::precondition_failed);
}
