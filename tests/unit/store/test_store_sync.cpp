#include <catch2/catch.hpp>

#include <sqlite3.h>

#include "store_fixture.h"

using namespace calbridge;
using namespace calbridge::store;
using namespace calbridge::store::testing;
using caldav::WriteStatus;

TEST_CASE("changes_since reports the latest state per path, oldest first", "[sync]") {
    StoreWithCalendar s;
    const auto start = s.store.collection(kCal)->sync_seq;
    const auto initial = s.store.changes_since(s.cal_id, start, 0);
    REQUIRE(initial);
    CHECK(initial->changes.empty());
    CHECK(initial->seq == start);
    CHECK_FALSE(initial->truncated);

    REQUIRE(s.store.put_object(event(kCal + "a.ics", "a", "1"), none()).status == WriteStatus::created);
    REQUIRE(s.store.put_object(event(kCal + "b.ics", "b", "1"), none()).status == WriteStatus::created);
    REQUIRE(s.store.put_object(event(kCal + "a.ics", "a", "2"), none()).status == WriteStatus::replaced);
    REQUIRE(s.store.remove(kCal + "b.ics", none()).status == WriteStatus::deleted);
    REQUIRE(s.store.put_object(event(kCal + "c.ics", "c", "1"), none()).status == WriteStatus::created);
    const auto current = s.store.collection(kCal)->sync_seq;
    CHECK(current > start);

    const auto all = s.store.changes_since(s.cal_id, start, 0).value();
    REQUIRE(all.changes.size() == 3);
    CHECK(all.changes[0].path == kCal + "a.ics");
    CHECK_FALSE(all.changes[0].deleted);
    CHECK(all.changes[1].path == kCal + "b.ics");
    CHECK(all.changes[1].deleted);
    CHECK(all.changes[2].path == kCal + "c.ics");
    CHECK(all.changes[0].seq < all.changes[1].seq);
    CHECK(all.changes[1].seq < all.changes[2].seq);
    CHECK(all.seq == current);
    CHECK_FALSE(all.truncated);

    // Paging with DAV:limit (RFC 6578 3.6): each page continues where the last one stopped.
    const auto page1 = s.store.changes_since(s.cal_id, start, 2).value();
    REQUIRE(page1.changes.size() == 2);
    CHECK(page1.truncated);
    CHECK(page1.seq == page1.changes.back().seq);
    const auto page2 = s.store.changes_since(s.cal_id, page1.seq, 2).value();
    REQUIRE(page2.changes.size() == 1);
    CHECK(page2.changes[0].path == kCal + "c.ics");
    CHECK_FALSE(page2.truncated);
    CHECK(page2.seq == current);
    // A limit equal to the number of changes is not truncated.
    CHECK_FALSE(s.store.changes_since(s.cal_id, start, 3)->truncated);

    // Up to date: nothing; the future: not a valid token.
    CHECK(s.store.changes_since(s.cal_id, current, 0)->changes.empty());
    CHECK_FALSE(s.store.changes_since(s.cal_id, current + 1, 0));
    CHECK_FALSE(s.store.changes_since(s.cal_id + 1000, 0, 0));
    // Before the collection existed: not a valid token either.
    CHECK_FALSE(s.store.changes_since(s.cal_id, start - 1, 0));
}

TEST_CASE("Property changes move getctag and the token but list no member", "[sync]") {
    StoreWithCalendar s;
    const auto before = s.store.collection(kCal)->sync_seq;
    caldav::PropertyPatch patch;
    patch.collection.color = "#123456";
    REQUIRE(s.store.patch_properties(kCal, patch).status == WriteStatus::replaced);
    const auto after = s.store.collection(kCal)->sync_seq;
    CHECK(after > before);
    const auto set = s.store.changes_since(s.cal_id, before, 0).value();
    CHECK(set.changes.empty());
    CHECK(set.seq == after);
}

TEST_CASE("Pruned tombstones make older tokens invalid", "[sync][prune]") {
    StoreWithCalendar s;
    const auto start = s.store.collection(kCal)->sync_seq;
    for (int i = 0; i < 5; ++i) {
        const std::string name = kCal + "e" + std::to_string(i) + ".ics";
        REQUIRE(s.store.put_object(event(name, "e" + std::to_string(i), "x"), none()).status == WriteStatus::created);
    }
    const auto after_puts = s.store.collection(kCal)->sync_seq;
    for (int i = 0; i < 4; ++i)
        REQUIRE(s.store.remove(kCal + "e" + std::to_string(i) + ".ics", none()).status == WriteStatus::deleted);
    const auto log = s.store.changes_since(s.cal_id, after_puts, 0).value();
    REQUIRE(log.changes.size() == 4);

    // Nothing is old enough yet; without a rule nothing happens.
    CHECK(s.store.prune_tombstones({86400, 0}) == 0);
    CHECK(s.store.prune_tombstones({}) == 0);
    CHECK(s.store.changes_since(s.cal_id, start, 0));

    // Keep the newest 2 tombstones: the two older ones go, and the floor is the newer of them.
    CHECK(s.store.prune_tombstones({0, 2}) == 2);
    const auto floor = log.changes[1].seq;
    CHECK_FALSE(s.store.changes_since(s.cal_id, start, 0));
    CHECK_FALSE(s.store.changes_since(s.cal_id, floor - 1, 0));
    const auto from_floor = s.store.changes_since(s.cal_id, floor, 0);
    REQUIRE(from_floor);
    REQUIRE(from_floor->changes.size() == 2);
    CHECK(from_floor->changes[0].path == log.changes[2].path);
    CHECK(from_floor->changes[0].deleted);

    // By age: age the remaining tombstones by ten days behind the store's back.
    CHECK(s.store.prune_tombstones({-1, 0}) == 0);  // a non-positive age is no rule
    CHECK(s.store.prune_tombstones({86400, 0}) == 0);
    {
        sqlite3* raw = nullptr;
        REQUIRE(sqlite3_open(s.store.file().c_str(), &raw) == SQLITE_OK);
        sqlite3_busy_timeout(raw, 5000);
        CHECK(sqlite3_exec(raw, "UPDATE changes SET changed_at = changed_at - 864000 WHERE deleted = 1", nullptr,
                           nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(raw);
    }
    CHECK(s.store.prune_tombstones({86400, 0}) == 2);
    CHECK_FALSE(s.store.changes_since(s.cal_id, floor, 0));
    // The live member's entry is never pruned.
    const auto current = s.store.collection(kCal)->sync_seq;
    const auto latest = s.store.changes_since(s.cal_id, current, 0);
    REQUIRE(latest);
    CHECK(latest->changes.empty());
    const auto still = s.store.changes_since(s.cal_id, log.changes[3].seq, 0);
    REQUIRE(still);
    CHECK(still->changes.empty());
    CHECK(s.store.object_info(kCal + "e4.ics"));
}
