// The bridge engine's one-sided flows: initial push and pull, updates and deletions travelling
// each way, idempotent cycles, own writes not echoed.
#include "bridge_fixture.h"

using namespace calbridge;
using namespace calbridge::sync;
using namespace calbridge::sync::testing;

TEST_CASE("a new pair pushes every local object and a second cycle sends nothing", "[bridge]") {
    World w;
    for (int i = 0; i < 5; ++i) w.put_local(event("local-" + std::to_string(i), {{"SUMMARY", "L" + std::to_string(i)}}));
    const SyncReport first = w.sync();
    CHECK(first.complete);
    CHECK(first.remote.created == 5);
    CHECK(first.local.total() == 0);
    CHECK(w.remote.items().size() == 5);
    check_converged(w);
    // Batches of 2: 3 create calls; no look-up by UID (no create can have happened before).
    CHECK(w.remote.calls["create"] == 3);
    CHECK(w.remote.calls["find_by_uid"] == 0);

    w.remote.calls.clear();
    const SyncReport second = w.sync();
    CHECK(second.complete);
    CHECK(second.pushed() == 0);
    CHECK(second.pulled() == 0);
    CHECK(w.remote.calls["create"] == 0);
    CHECK(w.remote.calls["update"] == 0);
    check_converged(w);
}

TEST_CASE("remote items are pulled with the time-range spans of a CalDAV PUT", "[bridge]") {
    World w;
    for (int i = 0; i < 4; ++i) w.remote.colleague_create(event("remote-" + std::to_string(i), {{"SUMMARY", "R"}}));
    const SyncReport r = w.sync();
    CHECK(r.local.created == 4);
    CHECK(r.pushed() == 0);  // its own writes are not echoed back
    check_converged(w);
    // 2026-03-10 09:00-10:00 UTC is found by a time-range query.
    const auto matches = w.store.objects_in_range(w.cal_id, 1773133200 - 60, 1773133200 + 60);
    CHECK(matches.size() == 4);
    const auto none = w.store.objects_in_range(w.cal_id, 0, 1000);
    CHECK(none.empty());
}

TEST_CASE("remote updates and deletions reach the local calendar", "[bridge]") {
    World w;
    const std::string a = w.remote.colleague_create(event("a", {{"SUMMARY", "A1"}}));
    const std::string b = w.remote.colleague_create(event("b", {{"SUMMARY", "B1"}}));
    w.sync();
    w.remote.colleague_update(a, event("a", {{"SUMMARY", "A2"}}));
    w.remote.colleague_remove(b);
    const SyncReport r = w.sync();
    CHECK(r.local.updated == 1);
    CHECK(r.local.deleted == 1);
    CHECK(r.pushed() == 0);
    CHECK(field(*w.local("a"), "SUMMARY") == "A2");
    CHECK_FALSE(w.local("b"));
    CHECK(w.conflicts().empty());
    check_converged(w);
}

TEST_CASE("local updates and deletions reach the remote calendar", "[bridge]") {
    World w;
    w.put_local(event("a", {{"SUMMARY", "A1"}}));
    w.put_local(event("b", {{"SUMMARY", "B1"}}));
    w.sync();
    w.put_local(event("a", {{"SUMMARY", "A2"}}));
    w.delete_local("b");
    w.remote.calls.clear();
    const SyncReport r = w.sync();
    CHECK(r.remote.updated == 1);
    CHECK(r.remote.deleted == 1);
    CHECK(r.local.total() == 0);
    CHECK(field(*w.remote_text("a"), "SUMMARY") == "A2");
    CHECK_FALSE(w.remote_text("b"));
    CHECK(w.conflicts().empty());
    check_converged(w);
    // Our own update comes back from the remote's change log and is recognised by its version.
    w.remote.calls.clear();
    const SyncReport quiet = w.sync();
    CHECK(quiet.pulled() == 0);
    CHECK(quiet.pushed() == 0);
    CHECK(w.remote.calls["changes"] == 1);
}

TEST_CASE("one remote change costs at most three round trips", "[bridge]") {
    World w;
    for (int i = 0; i < 6; ++i) w.remote.colleague_create(event("r" + std::to_string(i), {{"SUMMARY", "x"}}));
    w.remote.page_size = 100;
    w.sync();
    w.remote.colleague_update(w.remote_id("r3"), event("r3", {{"SUMMARY", "y"}}));
    w.remote.calls.clear();
    Bridge bridge(w.store, w.remote, w.options());
    bridge.run_once();  // capabilities are asked once per Bridge: the first cycle of this one
    CHECK(w.remote.total_calls() <= 3);
    w.remote.colleague_update(w.remote_id("r4"), event("r4", {{"SUMMARY", "z"}}));
    w.remote.calls.clear();
    bridge.run_once();
    CHECK(w.remote.total_calls() == 1);
    CHECK(field(*w.local("r4"), "SUMMARY") == "z");
}

TEST_CASE("a moved local object keeps its link", "[bridge]") {
    World w;
    w.put_local(event("m", {{"SUMMARY", "M"}}));
    w.sync();
    const auto before = w.store.object_by_uid(w.cal_id, "m");
    caldav::TransferRequest move;
    move.from = before->path;
    move.to = w.cal + "renamed.ics";
    move.move = true;
    REQUIRE(w.store.transfer(move).status != caldav::WriteStatus::not_found);
    const SyncReport r = w.sync();
    CHECK(r.pushed() == 0);
    CHECK(w.remote.items().size() == 1);
    const auto pair = w.store.find_bridge_pair("work");
    CHECK(w.store.bridge_link(pair->id, "m")->local_path == w.cal + "renamed.ics");
    check_converged(w);
}

TEST_CASE("a remote item the remote refuses is reported and not retried", "[bridge]") {
    World w;
    w.remote.reject_uids.insert("bad");
    w.put_local(event("bad", {{"SUMMARY", "B"}}));
    w.put_local(event("good", {{"SUMMARY", "G"}}));
    const SyncReport r = w.sync();
    CHECK(r.errors == 1);
    CHECK(r.remote.created == 1);
    w.remote.calls.clear();
    const SyncReport again = w.sync();
    CHECK(again.errors == 0);
    CHECK(w.remote.calls["create"] == 0);
}

TEST_CASE("conflict policy names", "[bridge]") {
    CHECK(parse_conflict_policy("merge") == ConflictPolicy::merge);
    CHECK(parse_conflict_policy("remote-wins") == ConflictPolicy::remote_wins);
    CHECK(parse_conflict_policy("local-wins") == ConflictPolicy::local_wins);
    CHECK_FALSE(parse_conflict_policy("exchange-wins"));
    CHECK(std::string(to_string(ConflictPolicy::remote_wins)) == "remote-wins");
}

TEST_CASE("an initial sync of N items costs about N/100 round trips", "[bridge]") {
    World w;
    w.batch_size = 100;
    w.remote.page_size = 100;
    const int n = 250;
    for (int i = 0; i < n; ++i) w.put_local(event("push-" + std::to_string(i), {{"SUMMARY", "p"}}));
    for (int i = 0; i < n; ++i) w.remote.colleague_create(event("pull-" + std::to_string(i), {{"SUMMARY", "q"}}));
    const SyncReport r = w.sync();
    CHECK(r.remote.created == n);
    CHECK(r.local.created == n);
    INFO("round trips: " << w.remote.total_calls());
    // Pull: 3 pages; push: capabilities + 3 create batches. Goal of issue 5: <= N/100 + 5 each way.
    CHECK(w.remote.total_calls() <= 2 * (n / 100 + 5));
    CHECK(w.remote.calls["create"] == 3);
    check_converged(w);
}
