// Crash safety (issue 5 item 3): a crash at any point of a cycle — a remote call that fails, or
// the process dying between a remote write and recording it — never duplicates nor loses an edit
// on the next cycles. The fake throws SimulatedCrash at the k-th call boundary (before or after
// the call did its work); the Bridge is dropped and a new one runs on the same store.
#include <random>
#include <string>
#include <vector>

#include "bridge_fixture.h"

using namespace calbridge;
using namespace calbridge::sync;
using namespace calbridge::sync::testing;

namespace {

// Arms the fake and the engine to crash at the k-th point: a remote call boundary (before a
// call, or after it did its work but before it returned) or an engine checkpoint between two
// store transactions.
struct CrashAt {
    int k;
    int seen = 0;
    bool fired = false;
    void arm(World& w) {
        auto point = [this] {
            if (seen++ == k) {
                fired = true;
                throw SimulatedCrash();
            }
        };
        w.remote.hook = [point](const std::string&, bool) { point(); };
        w.checkpoint = [point](std::string_view) { point(); };
    }
};

// Runs cycles until one completes (a crash or a stop leaves work for the next).
void settle(World& w) {
    w.checkpoint = nullptr;
    for (int i = 0; i < 5; ++i) {
        w.remote.hook = nullptr;
        if (w.sync().complete) break;
    }
    w.remote.hook = nullptr;
    w.sync();
}

// A scenario of edits on both sides, applied after an initial synchronised state.
struct Scenario {
    // What the final state must show.
    std::map<std::string, Fields> expected;  // uid -> fields that must hold
    std::set<std::string> gone;

    void prepare(World& w, std::mt19937& rng, int items) {
        for (int i = 0; i < items; ++i) {
            const std::string uid = "u" + std::to_string(i);
            if (i % 2)
                w.put_local(event(uid, {{"SUMMARY", "S0"}, {"LOCATION", "L0"}}));
            else
                w.remote.colleague_create(event(uid, {{"SUMMARY", "S0"}, {"LOCATION", "L0"}}));
        }
        settle(w);
        check_converged(w);
        for (int i = 0; i < items; ++i) {
            const std::string uid = "u" + std::to_string(i);
            switch (rng() % 7) {
                case 0: expected[uid] = {{"SUMMARY", "S0"}, {"LOCATION", "L0"}}; break;
                case 1:  // local edit
                    w.put_local(event(uid, {{"SUMMARY", "S0"}, {"LOCATION", "L-" + uid}}));
                    expected[uid] = {{"SUMMARY", "S0"}, {"LOCATION", "L-" + uid}};
                    break;
                case 2:  // remote edit
                    w.remote.colleague_update(w.remote_id(uid), event(uid, {{"SUMMARY", "S-" + uid}, {"LOCATION", "L0"}}));
                    expected[uid] = {{"SUMMARY", "S-" + uid}, {"LOCATION", "L0"}};
                    break;
                case 3:  // both, different fields
                    w.put_local(event(uid, {{"SUMMARY", "S0"}, {"LOCATION", "L-" + uid}}));
                    w.remote.colleague_update(w.remote_id(uid), event(uid, {{"SUMMARY", "S-" + uid}, {"LOCATION", "L0"}}));
                    expected[uid] = {{"SUMMARY", "S-" + uid}, {"LOCATION", "L-" + uid}};
                    break;
                case 4: w.delete_local(uid); gone.insert(uid); break;
                case 5: w.remote.colleague_remove(w.remote_id(uid)); gone.insert(uid); break;
                default: break;
            }
            if (rng() % 3 == 0) {  // a new item on one side
                const std::string fresh = "n" + std::to_string(i);
                if (rng() % 2)
                    w.put_local(event(fresh, {{"SUMMARY", "new"}, {"LOCATION", "here"}}));
                else
                    w.remote.colleague_create(event(fresh, {{"SUMMARY", "new"}, {"LOCATION", "there"}}));
                expected[fresh] = {};
            }
            if (!expected.count(uid) && !gone.count(uid)) expected[uid] = {};
        }
    }

    void check(World& w) const {
        check_converged(w);
        for (const auto& [uid, fields] : expected) {
            INFO("UID " << uid);
            const auto text = w.local(uid);
            REQUIRE(text);
            for (const auto& [name, value] : fields) CHECK(field(*text, name) == value);
        }
        for (const std::string& uid : gone) {
            INFO("UID " << uid << " was deleted");
            CHECK_FALSE(w.local(uid));
        }
        CHECK(w.conflicts().empty());
    }
};

int boundaries_of_clean_run(unsigned seed, int items, bool lagging_feed) {
    World w;
    std::mt19937 rng(seed);
    Scenario s;
    s.prepare(w, rng, items);
    w.remote.feed_lags = lagging_feed;
    int n = 0;
    w.remote.hook = [&](const std::string&, bool) { ++n; };
    w.checkpoint = [&](std::string_view) { ++n; };
    w.sync();
    return n;
}

void run_with_crash(unsigned seed, int items, bool lagging_feed, int k, bool& fired) {
    World w;
    std::mt19937 rng(seed);
    Scenario s;
    s.prepare(w, rng, items);
    w.remote.feed_lags = lagging_feed;
    CrashAt crash{k};
    crash.arm(w);
    try {
        w.sync();
    } catch (const SimulatedCrash&) {
    }
    fired = crash.fired;
    settle(w);
    s.check(w);
}

// Killed cycles whose UpdateItem stays in flight: the local object takes each text of `texts` in
// turn (after v1, synced), and each cycle is killed before the remote processes its update. Then
// the first text lands late, just before the next cycle's update is processed, and two more
// cycles run. What the remote and the store hold afterwards is the test's to check.
void land_late_after_killed_updates(World& w, const std::vector<std::string>& texts) {
    w.put_local(event("u", {{"SUMMARY", "v1"}, {"LOCATION", "room 1"}}));
    w.sync();
    w.remote.hook = [](const std::string& call, bool after) {
        if (call == "update" && !after) throw SimulatedCrash();
    };
    for (const std::string& text : texts) {
        w.put_local(text);
        CHECK_THROWS_AS(w.sync(), SimulatedCrash);
    }
    bool landed = false;
    w.remote.hook = [&](const std::string& call, bool after) {
        if (call == "update" && !after && !landed) {
            landed = true;
            w.remote.colleague_update(w.remote_id("u"), texts.front());
        }
    };
    w.sync();
    w.remote.hook = nullptr;
    w.sync();
    CHECK(landed);
}

std::string version(const std::string& summary) { return event("u", {{"SUMMARY", summary}, {"LOCATION", "room 1"}}); }

}  // namespace

TEST_CASE("a crash at every call boundary of a cycle loses and duplicates nothing", "[bridge][crash]") {
    const unsigned seed = 7;
    const int items = 8;
    // A lagging change feed: only find_by_uid tells that a create happened before the crash.
    const bool lagging_feed = GENERATE(false, true);
    const int n = boundaries_of_clean_run(seed, items, lagging_feed);
    REQUIRE(n > 6);
    for (int k = 0; k < n; ++k) {
        INFO("crash at boundary " << k << " of " << n << ", feed lags: " << lagging_feed);
        bool fired = false;
        run_with_crash(seed, items, lagging_feed, k, fired);
        CHECK(fired);
    }
}

TEST_CASE("50 random crash points in random scenarios end with both sides equal", "[bridge][crash]") {
    std::mt19937 pick(2026);
    for (int round = 0; round < 50; ++round) {
        const unsigned seed = 1000 + static_cast<unsigned>(round);
        const int items = 4 + static_cast<int>(pick() % 6);
        const bool lagging_feed = round % 2 == 1;
        const int n = boundaries_of_clean_run(seed, items, lagging_feed);
        const int k = n > 0 ? static_cast<int>(pick() % static_cast<unsigned>(n)) : 0;
        INFO("seed " << seed << ", crash at boundary " << k << " of " << n << ", feed lags: " << lagging_feed);
        bool fired = false;
        run_with_crash(seed, items, lagging_feed, k, fired);
        CHECK(fired);
    }
}

TEST_CASE("a crash between a remote create and recording its id creates no duplicate", "[bridge][crash]") {
    World w;
    // The change feed may not show the new item yet: only the look-up by UID can find it.
    const bool lagging_feed = GENERATE(false, true);
    INFO("feed lags: " << lagging_feed);
    w.remote.feed_lags = lagging_feed;
    w.put_local(event("once", {{"SUMMARY", "only one"}}));
    w.remote.hook = [](const std::string& call, bool after) {
        if (call == "create" && after) throw SimulatedCrash();
    };
    CHECK_THROWS_AS(w.sync(), SimulatedCrash);
    CHECK(w.remote.items().size() == 1);  // created remotely, not recorded locally
    w.remote.hook = nullptr;
    w.remote.calls.clear();
    const SyncReport r = w.sync();
    CHECK(r.remote.created == 0);
    CHECK(w.remote.calls["create"] == 0);
    if (lagging_feed) CHECK(w.remote.calls["find_by_uid"] == 1);
    CHECK(w.remote.items().size() == 1);
    check_converged(w);
    w.remote.feed_lags = false;  // the feed catches up: the item is known, nothing changes
    const SyncReport later = w.sync();
    CHECK(later.pulled() == 0);
    CHECK(later.pushed() == 0);
    check_converged(w);
}

TEST_CASE("a crash between a remote update and recording it loses nothing and reports no conflict",
          "[bridge][crash]") {
    World w;
    w.put_local(event("u", {{"SUMMARY", "v1"}}));
    w.sync();
    w.put_local(event("u", {{"SUMMARY", "v2"}}));
    w.remote.hook = [](const std::string& call, bool after) {
        if (call == "update" && after) throw SimulatedCrash();
    };
    CHECK_THROWS_AS(w.sync(), SimulatedCrash);
    w.remote.hook = nullptr;
    const SyncReport r = w.sync();
    CHECK(r.conflicts == 0);
    CHECK(field(*w.local("u"), "SUMMARY") == "v2");
    CHECK(field(*w.remote_text("u"), "SUMMARY") == "v2");
    check_converged(w);
}

TEST_CASE("a local edit after a crash between a remote update and recording it wins over the bridge's own write",
          "[bridge][crash]") {
    // Found by conformance:ews-bridge-kill9: v2 reached the remote but its result was never
    // recorded; the user then wrote v3. The remote's v2 is the bridge's own write (update
    // intent), not a colleague's edit: v3 goes out, no conflict, nothing lost.
    World w;
    w.put_local(event("u", {{"SUMMARY", "v1"}, {"LOCATION", "room 1"}}));
    w.sync();
    w.put_local(event("u", {{"SUMMARY", "v2"}, {"LOCATION", "room 1"}}));
    w.remote.hook = [](const std::string& call, bool after) {
        if (call == "update" && after) throw SimulatedCrash();
    };
    CHECK_THROWS_AS(w.sync(), SimulatedCrash);
    w.remote.hook = nullptr;
    w.put_local(event("u", {{"SUMMARY", "v3"}, {"LOCATION", "room 1"}}));
    const SyncReport r = w.sync();
    CHECK(r.complete);
    CHECK(r.conflicts == 0);
    CHECK(w.conflicts().empty());
    CHECK(field(*w.local("u"), "SUMMARY") == "v3");
    CHECK(field(*w.remote_text("u"), "SUMMARY") == "v3");
    check_converged(w);
}

TEST_CASE("a killed cycle's update landing after the next cycle's update is still the bridge's own write",
          "[bridge][crash]") {
    // Found by conformance:ews-bridge-kill9 in CI: cycle A sent v2 and was killed with the request
    // in flight; cycle B sent v3 (replacing A's intent), then A's v2 landed, outdating B's
    // ChangeKey. The remote's v2 is the bridge's own write (an earlier intent), not a colleague's
    // SUMMARY edit: no conflict, v3 reaches both sides.
    World w;
    land_late_after_killed_updates(w, {version("v2"), version("v3")});
    CHECK(w.conflicts().empty());
    CHECK(field(*w.local("u"), "SUMMARY") == "v3");
    CHECK(field(*w.remote_text("u"), "SUMMARY") == "v3");
    check_converged(w);
}

TEST_CASE("the same update sent again by a later cycle does not push out the earlier one", "[bridge][crash]") {
    // A sent v2, then B and C each sent v3 (B killed too): C's v3 again must not push v2 out of
    // what the bridge knows it sent, so that A's v2 landing late is still its own write.
    World w;
    land_late_after_killed_updates(w, {version("v2"), version("v3"), version("v3")});
    CHECK(w.conflicts().empty());
    CHECK(field(*w.local("u"), "SUMMARY") == "v3");
    CHECK(field(*w.remote_text("u"), "SUMMARY") == "v3");
    check_converged(w);
}

TEST_CASE("an update that never reached the remote is not taken for the remote's version", "[bridge][crash]") {
    // The update intent must not make a colleague's edit look like ours: v2 was intended but the
    // crash came before the remote saw it, and a colleague changed the location meanwhile.
    World w;
    w.put_local(event("u", {{"SUMMARY", "v1"}, {"LOCATION", "room 1"}}));
    w.sync();
    w.put_local(event("u", {{"SUMMARY", "v2"}, {"LOCATION", "room 1"}}));
    w.remote.hook = [](const std::string& call, bool after) {
        if (call == "update" && !after) throw SimulatedCrash();
    };
    CHECK_THROWS_AS(w.sync(), SimulatedCrash);
    w.remote.hook = nullptr;
    w.remote.colleague_update(w.remote_id("u"), event("u", {{"SUMMARY", "v1"}, {"LOCATION", "room 2"}}));
    w.put_local(event("u", {{"SUMMARY", "v3"}, {"LOCATION", "room 1"}}));
    const SyncReport r = w.sync();
    CHECK(r.complete);
    CHECK(r.conflicts == 0);  // different fields: merged
    CHECK(field(*w.local("u"), "SUMMARY") == "v3");
    CHECK(field(*w.local("u"), "LOCATION") == "room 2");
    CHECK(field(*w.remote_text("u"), "SUMMARY") == "v3");
    CHECK(field(*w.remote_text("u"), "LOCATION") == "room 2");
    check_converged(w);
}

TEST_CASE("a local deletion after a crash between a remote update and recording it is not undone",
          "[bridge][crash]") {
    // Found by conformance:ews-bridge-kill9: the remote's version was the bridge's own update, so
    // the item is not brought back as "deleted locally, changed remotely".
    World w;
    w.put_local(event("u", {{"SUMMARY", "v1"}}));
    w.sync();
    w.put_local(event("u", {{"SUMMARY", "v2"}}));
    w.remote.hook = [](const std::string& call, bool after) {
        if (call == "update" && after) throw SimulatedCrash();
    };
    CHECK_THROWS_AS(w.sync(), SimulatedCrash);
    w.remote.hook = nullptr;
    w.delete_local("u");
    const SyncReport r = w.sync();
    CHECK(r.complete);
    CHECK(r.conflicts == 0);
    CHECK_FALSE(w.local("u"));
    CHECK_FALSE(w.remote_text("u"));
    check_converged(w);
}

TEST_CASE("an update landing after two later cycles each sent a newer one is still the bridge's own write",
          "[bridge][crash]") {
    // A sent v2, B v3, C v4, each killed with its request in flight; A's v2 lands just before D's
    // v4. Every unacknowledged text stays known (schema v10): no conflict.
    World w;
    land_late_after_killed_updates(w, {version("v2"), version("v3"), version("v4")});
    CHECK(w.conflicts().empty());
    CHECK(field(*w.local("u"), "SUMMARY") == "v4");
    CHECK(field(*w.remote_text("u"), "SUMMARY") == "v4");
    check_converged(w);
}
