#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "store_fixture.h"

using namespace calbridge;
using namespace calbridge::store;
using namespace calbridge::store::testing;
using caldav::WriteStatus;

TEST_CASE("Of concurrent PUTs with the same If-Match exactly one wins", "[concurrency]") {
    StoreWithCalendar s;
    const std::string path = kCal + "contended.ics";
    const auto first = s.store.put_object(event(path, "contended", "start"), none());
    REQUIRE(first.status == WriteStatus::created);

    constexpr int kThreads = 16;
    std::atomic<int> replaced{0}, refused{0}, other{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&, i] {
            while (!go.load()) std::this_thread::yield();
            const auto r = s.store.put_object(event(path, "contended", "writer " + std::to_string(i)), if_match(first.etag));
            if (r.status == WriteStatus::replaced) ++replaced;
            else if (r.status == WriteStatus::precondition_failed) ++refused;
            else ++other;
        });
    }
    go = true;
    for (auto& t : threads) t.join();
    CHECK(replaced == 1);
    CHECK(refused == kThreads - 1);
    CHECK(other == 0);
}

TEST_CASE("Readers and writers run in parallel without losing writes", "[concurrency]") {
    StoreWithCalendar s;
    constexpr int kWriters = 4, kPerWriter = 50;
    std::atomic<bool> done{false};
    std::atomic<int> read_failures{0};
    std::thread reader([&] {
        std::size_t last = 0;
        while (!done.load()) {
            const auto n = s.store.objects(s.cal_id).size();
            if (n < last) ++read_failures;  // a committed object never disappears
            last = n;
        }
    });
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w)
        writers.emplace_back([&, w] {
            for (int i = 0; i < kPerWriter; ++i) {
                const std::string uid = "w" + std::to_string(w) + "-" + std::to_string(i);
                s.store.put_object(event(kCal + uid + ".ics", uid, uid, {{i * 100, i * 100 + 50, false}}), none());
            }
        });
    for (auto& t : writers) t.join();
    done = true;
    reader.join();
    CHECK(read_failures == 0);
    CHECK(s.store.objects(s.cal_id).size() == kWriters * kPerWriter);
    const auto set = s.store.changes_since(s.cal_id, s.store.collection(kCal)->sync_seq - kWriters * kPerWriter, 0);
    // Every put took its own position, so the last N positions are exactly the N puts.
    REQUIRE(set);
    CHECK(set->changes.size() == kWriters * kPerWriter);
}
