#include <catch2/catch.hpp>

#include <algorithm>

#include "store_fixture.h"

using namespace calbridge;
using namespace calbridge::store;
using namespace calbridge::store::testing;
using caldav::kTimeMax;
using caldav::kTimeMin;
using caldav::TimeSpan;
using caldav::WriteStatus;

namespace {

std::vector<std::string> uids(const std::vector<caldav::RangeMatch>& matches) {
    std::vector<std::string> found;
    for (const auto& m : matches) found.push_back(m.object.info.uid);
    std::sort(found.begin(), found.end());
    return found;
}

using Uids = std::vector<std::string>;

}  // namespace

TEST_CASE("objects_in_range follows RFC 4791 9.9 overlap exactly", "[range]") {
    StoreWithCalendar s;
    auto put = [&](const std::string& uid, std::vector<TimeSpan> spans) {
        REQUIRE(s.store.put_object(event(kCal + uid + ".ics", uid, uid, std::move(spans)), none()).status ==
                WriteStatus::created);
    };
    put("span", {{100, 200, false}});
    put("instant", {{500, 500, false}});
    put("nospans", {});
    // Near today's times the R*Tree's 32-bit floats are 128 s apart: the exact check decides.
    put("precise", {{1700000001, 1700000002, false}});
    put("before1970", {{-86400, -3600, false}});

    CHECK(uids(s.store.objects_in_range(s.cal_id, 150, 160)) == Uids{"span"});
    CHECK(uids(s.store.objects_in_range(s.cal_id, 0, 101)) == Uids{"span"});
    CHECK(s.store.objects_in_range(s.cal_id, 0, 100).empty());    // span.start < end fails
    CHECK(s.store.objects_in_range(s.cal_id, 200, 300).empty());  // span.end > start fails

    // A zero-length span matches a range that starts at it, not one that ends at it.
    CHECK(uids(s.store.objects_in_range(s.cal_id, 500, 600)) == Uids{"instant"});
    CHECK(s.store.objects_in_range(s.cal_id, 400, 500).empty());
    CHECK(s.store.objects_in_range(s.cal_id, 501, 600).empty());

    CHECK(uids(s.store.objects_in_range(s.cal_id, 1700000001, 1700000002)) == Uids{"precise"});
    CHECK(s.store.objects_in_range(s.cal_id, 1700000002, 1700000100).empty());
    CHECK(s.store.objects_in_range(s.cal_id, 1699999990, 1700000001).empty());
    CHECK(uids(s.store.objects_in_range(s.cal_id, -7200, 0)) == Uids{"before1970"});

    // Objects without spans never match, not even the whole time line.
    CHECK(uids(s.store.objects_in_range(s.cal_id, kTimeMin, kTimeMax)) ==
          Uids{"before1970", "instant", "precise", "span"});

    // Replacing an object replaces its spans.
    REQUIRE(s.store.put_object(event(kCal + "span.ics", "span", "moved", {{300, 400, false}}), none()).status ==
            WriteStatus::replaced);
    CHECK(s.store.objects_in_range(s.cal_id, 150, 160).empty());
    CHECK(uids(s.store.objects_in_range(s.cal_id, 350, 360)) == Uids{"span"});
}

TEST_CASE("Open spans match with needs_expansion unless a closed span matches too", "[range][recurrence]") {
    StoreWithCalendar s;
    const std::int64_t horizon = 2000000000;
    std::vector<TimeSpan> series;
    for (std::int64_t week = 0; week < 10; ++week) series.push_back({1000 + week * 604800, 4600 + week * 604800, false});
    series.push_back({horizon, kTimeMax, true});
    REQUIRE(s.store.put_object(event(kCal + "weekly.ics", "weekly", "w", series), none()).status ==
            WriteStatus::created);
    REQUIRE(s.store.put_object(event(kCal + "forever.ics", "forever", "f", {{horizon, kTimeMax, true}}), none())
                .status == WriteStatus::created);

    auto late = s.store.objects_in_range(s.cal_id, horizon + 86400 * 365, horizon + 86400 * 366);
    REQUIRE(late.size() == 2);
    CHECK(late[0].needs_expansion);
    CHECK(late[1].needs_expansion);

    // The third instance matches exactly: no expansion needed, whatever the open span says.
    const auto third = s.store.objects_in_range(s.cal_id, 1000 + 2 * 604800, 1001 + 2 * 604800);
    REQUIRE(third.size() == 1);
    CHECK(third[0].object.info.uid == "weekly");
    CHECK_FALSE(third[0].needs_expansion);
    CHECK(third[0].object.data.find("UID:weekly") != std::string::npos);

    // A range touching both a closed and the open span of the series.
    const auto both = s.store.objects_in_range(s.cal_id, 1000, kTimeMax);
    REQUIRE(both.size() == 2);
    for (const auto& m : both) CHECK(m.needs_expansion == (m.object.info.uid == "forever"));

    // Between instances nothing matches.
    CHECK(s.store.objects_in_range(s.cal_id, 5000, 600000).empty());
}

TEST_CASE("objects_in_range stays inside its collection", "[range]") {
    StoreWithCalendar s;
    const std::string other = "/dav/calendars/alice/other/";
    REQUIRE(s.store.make_collection(other, "alice", caldav::CollectionKind::calendar, {}).status ==
            WriteStatus::created);
    REQUIRE(s.store.put_object(event(other + "x.ics", "x", "x", {{100, 200, false}}), none()).status ==
            WriteStatus::created);
    CHECK(s.store.objects_in_range(s.cal_id, 0, 1000).empty());
    CHECK(s.store.objects_in_range(s.store.collection(other)->id, 0, 1000).size() == 1);
}

TEST_CASE("Spans with start after end are refused and change nothing", "[range]") {
    StoreWithCalendar s;
    CHECK_THROWS_AS(s.store.put_object(event(kCal + "bad.ics", "bad", "x", {{200, 100, false}}), none()),
                    std::invalid_argument);
    CHECK_FALSE(s.store.object_info(kCal + "bad.ics"));
}
