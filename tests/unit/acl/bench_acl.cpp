// Hand-run measurement of what access control costs (issue 6 "bench: ACL adds <10% to PROPFIND
// and calendar-query at 5,000 events"), not a timed test: hidden from ctest ("[.]"); run with
// `test_acl "[.bench]"`. The same requests on the same 5,000-event calendar by its owner (grants
// read, no mount) and by a read grantee through the mount (grants read, path translated, every
// href rewritten), medians of repeated runs, and the cost of the per-request grant read alone.
#include <algorithm>
#include <chrono>
#include <cstdio>

#include "support/thread_cpu_time.h"
#include "unit/acl/acl_fixture.h"

using namespace calbridge::caldav;
using namespace calbridge::caldav::testing;

using calbridge::testing::thread_cpu_ms;

namespace {

using Clock = std::chrono::steady_clock;

template <class F>
double median_ms(int runs, F&& f) {
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        const auto start = Clock::now();
        f();
        times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

std::string range_query() {
    return R"(<?xml version="1.0"?><C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">)"
           R"(<D:prop><D:getetag/></D:prop><C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">)"
           R"(<C:time-range start="20240101T000000Z" end="20250101T000000Z"/></C:comp-filter></C:comp-filter>)"
           R"(</C:filter></C:calendar-query>)";
}

}  // namespace

TEST_CASE("bench: ACL cost of PROPFIND Depth 1 and calendar-query at 5,000 events", "[.bench]") {
    calbridge::store::testing::TempDir dir;
    calbridge::store::SqliteStore store(dir.file(), calbridge::store::StoreOptions{false});
    Engine engine(store, EngineFixture::options());
    store.add_user("alice", "Alice", "", "h");
    store.add_user("reed", "Reed", "", "h");
    REQUIRE(store.make_collection(kWork, "alice", CollectionKind::calendar, CollectionPatch{}).status ==
            WriteStatus::created);
    REQUIRE(store.share(kWork, "reed", Access::read).status == calbridge::store::ShareStatus::granted);
    constexpr int kEvents = 5000;
    for (int i = 0; i < kEvents; ++i) {
        char start[32];
        std::snprintf(start, sizeof start, "2024%02d%02dT%02d0000Z", 1 + i % 12, 1 + i % 28, 8 + i % 10);
        const Response put = send_request(engine, "PUT", kWork + "e" + std::to_string(i) + ".ics",
                                          event_ics("e" + std::to_string(i), "Event", start),
                                          {{"Content-Type", "text/calendar"}}, "alice");
        REQUIRE(put.status == 201);
    }
    const std::string props = propfind_body({xml::dav("getetag"), xml::dav("getcontenttype"), xml::dav("resourcetype")});
    struct Case {
        const char* name;
        std::string method, body, depth;
    };
    const Case cases[] = {{"PROPFIND Depth 1", "PROPFIND", props, "1"},
                          {"calendar-query (time-range, getetag)", "REPORT", range_query(), "1"}};
    // Interleaved (owner, grantee via mount, grantee at the owner's path) so that load on the
    // machine hits all three alike; medians of the thread's CPU time.
    constexpr int kRuns = 31;
    for (const Case& c : cases) {
        const std::string targets[] = {kWork, mount_of("reed"), kWork};
        const char* users[] = {"alice", "reed", "reed"};
        std::vector<double> times[3];
        std::size_t bytes[3] = {};
        for (int run = 0; run < kRuns; ++run) {
            for (int k = 0; k < 3; ++k) {
                const double start = thread_cpu_ms();
                const Response r = send_request(engine, c.method, targets[k], c.body, {{"Depth", c.depth}}, users[k]);
                times[k].push_back(thread_cpu_ms() - start);
                REQUIRE(r.status == 207);
                bytes[k] = r.body.size();
            }
        }
        double median[3];
        for (int k = 0; k < 3; ++k) {
            std::sort(times[k].begin(), times[k].end());
            median[k] = times[k][times[k].size() / 2];
        }
        CHECK(bytes[1] > kEvents * 50);
        std::printf("%-38s owner %7.2f ms CPU | grantee via mount %7.2f ms (%+.1f%%) | grantee at the owner's path "
                    "%7.2f ms (%+.1f%%) | bodies %zu / %zu bytes\n",
                    c.name, median[0], median[1], 100.0 * (median[1] - median[0]) / median[0], median[2],
                    100.0 * (median[2] - median[0]) / median[0], bytes[0], bytes[1]);
    }
    const double grants = median_ms(101, [&] { CHECK(store.calendars_shared_with("reed").size() == 1); });
    std::printf("%-40s %8.3f ms per request\n", "calendars_shared_with (the grant read)", grants);
}
