// Hand-run micro-measurement of the store at bench size (issue 4 "bench/"), not a timed test:
// hidden from ctest ("[.]"); run with `test_store "[.bench]"`. Prints numbers, asserts only that
// the work happened.
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "store_fixture.h"
#include "support/thread_cpu_time.h"

using namespace calbridge;
using namespace calbridge::store;
using namespace calbridge::store::testing;
using caldav::WriteStatus;

using calbridge::testing::thread_cpu_ms;

namespace {

using Clock = std::chrono::steady_clock;

struct Timer {
    Clock::time_point wall = Clock::now();
    double cpu = thread_cpu_ms();
    std::string text() const {
        char buffer[96];
        std::snprintf(buffer, sizeof buffer, "%.2f ms wall, %.2f ms CPU",
                      std::chrono::duration<double, std::milli>(Clock::now() - wall).count(), thread_cpu_ms() - cpu);
        return buffer;
    }
};

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kYear2024 = 1704067200;  // 2024-01-01T00:00:00Z

// 20,000 events over three years; every tenth a weekly series expanded for two years (104
// instances) plus an open span past the horizon, like the engine's expansion would produce.
caldav::ObjectWrite generated_event(int i) {
    const std::int64_t start = kYear2024 + (static_cast<std::int64_t>(i) * 4733) % (3 * 365 * kDay);
    std::vector<caldav::TimeSpan> spans;
    if (i % 10 == 0) {
        for (int week = 0; week < 104; ++week) spans.push_back({start + week * 7 * kDay, start + week * 7 * kDay + 3600, false});
        spans.push_back({start + 104 * 7 * kDay, caldav::kTimeMax, true});
    } else {
        spans.push_back({start, start + 3600, false});
    }
    auto w = event(kCal + "event-" + std::to_string(i) + ".ics", "uid-" + std::to_string(i),
                   "Generated meeting " + std::to_string(i), std::move(spans));
    w.data.insert(w.data.find("END:VEVENT"), std::string(1200, 'x') + "\r\n");  // a realistic body size
    return w;
}

}  // namespace

TEST_CASE("Micro-measurement: 20,000 events, one month query, incremental sync", "[.bench]") {
    // CALBRIDGE_BENCH_NO_FSYNC=1 measures with synchronous=NORMAL (StoreOptions).
    const bool fsync = std::getenv("CALBRIDGE_BENCH_NO_FSYNC") == nullptr;
    StoreWithCalendar s(StoreOptions{fsync});
    constexpr int kEvents = 20000;
    auto t = Timer();
    for (int i = 0; i < kEvents; ++i) REQUIRE(s.store.put_object(generated_event(i), none()).status == WriteStatus::created);
    std::printf("put %d objects, one transaction each (synchronous=%s): %s\n", kEvents, fsync ? "FULL" : "NORMAL",
                t.text().c_str());

    const std::int64_t month_start = kYear2024 + 400 * kDay, month_end = month_start + 30 * kDay;
    for (int round = 0; round < 3; ++round) {
        t = Timer();
        const auto month = s.store.objects_in_range(s.cal_id, month_start, month_end);
        std::printf("objects_in_range one month (R*Tree): %zu matches, %s\n", month.size(), t.text().c_str());
        REQUIRE(!month.empty());
    }

    // The alternative: a B-tree on (collection, start) must visit every span that starts before
    // the range end (no max-duration bound with open spans).
    {
        sqlite3* raw = nullptr;
        REQUIRE(sqlite3_open(s.store.file().c_str(), &raw) == SQLITE_OK);
        sqlite3_exec(raw, "CREATE INDEX bench_spans_by_start ON spans (collection_id, span_start)", nullptr, nullptr, nullptr);
        sqlite3_stmt* stmt = nullptr;
        sqlite3_prepare_v2(raw,
                           "SELECT o.id, o.path, d.data, m.all_open FROM (SELECT s.object_id AS id, "
                           "MIN(s.open) AS all_open FROM spans AS s INDEXED BY bench_spans_by_start "
                           "WHERE s.collection_id = ?1 AND s.span_start < ?3 AND (s.span_end > ?2 OR "
                           "(s.span_start = s.span_end AND s.span_start >= ?2)) GROUP BY s.object_id) AS m "
                           "JOIN objects AS o ON o.id = m.id JOIN object_data AS d ON d.object_id = o.id",
                           -1, &stmt, nullptr);
        sqlite3_bind_int64(stmt, 1, s.cal_id);
        sqlite3_bind_int64(stmt, 2, month_start);
        sqlite3_bind_int64(stmt, 3, month_end);
        for (int round = 0; round < 3; ++round) {
            t = Timer();
            int rows = 0;
            while (sqlite3_step(stmt) == SQLITE_ROW) ++rows;
            sqlite3_reset(stmt);
            std::printf("same query by B-tree on (collection, start): %d matches, %s\n", rows, t.text().c_str());
        }
        sqlite3_finalize(stmt);
        sqlite3_exec(raw, "DROP INDEX bench_spans_by_start", nullptr, nullptr, nullptr);
        sqlite3_close(raw);
    }

    t = Timer();
    const auto listing = s.store.objects(s.cal_id);
    std::printf("objects() metadata listing (PROPFIND Depth 1): %zu, %s\n", listing.size(), t.text().c_str());
    t = Timer();
    const auto everything = s.store.objects_with_data(s.cal_id);
    std::printf("objects_with_data (.ics subscription): %zu, %s\n", everything.size(), t.text().c_str());

    const auto token = s.store.collection(kCal)->sync_seq;
    t = Timer();
    for (int i = 0; i < 10; ++i) {
        auto w = generated_event(i * 7);
        w.data += "changed";
        REQUIRE(s.store.put_object(w, none()).status == WriteStatus::replaced);
    }
    std::printf("10 replacing puts at %d objects: %s\n", kEvents, t.text().c_str());
    for (int round = 0; round < 3; ++round) {
        t = Timer();
        const auto changes = s.store.changes_since(s.cal_id, token, 0);
        std::printf("changes_since after 10 changes: %zu changes, %s\n", changes->changes.size(), t.text().c_str());
        REQUIRE(changes->changes.size() == 10);
    }

    t = Timer();
    const std::vector<std::string> paths = [] {
        std::vector<std::string> p;
        for (int i = 0; i < 100; ++i) p.push_back(kCal + "event-" + std::to_string(i * 199) + ".ics");
        return p;
    }();
    const auto multiget = s.store.objects_by_path(paths);
    std::printf("objects_by_path 100 (multiget): %zu, %s\n", multiget.size(), t.text().c_str());
    std::printf("store file: %s\n", s.store.file().c_str());
}
