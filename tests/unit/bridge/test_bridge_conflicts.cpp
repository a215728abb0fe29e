// Both sides changed the same item: the policies (merge, remote-wins, local-wins), deletions
// against edits, and a remote conflict found while pushing.
#include "bridge_fixture.h"

using namespace calbridge;
using namespace calbridge::sync;
using namespace calbridge::sync::testing;

namespace {

// One item known on both sides, then changed on both before the next cycle.
struct Edited {
    World w;
    std::string id;
    explicit Edited(ConflictPolicy policy) {
        w.policy = policy;
        w.put_local(event("e", {{"SUMMARY", "S0"}, {"LOCATION", "L0"}, {"DESCRIPTION", "D0"}}));
        w.sync();
        id = w.remote_id("e");
    }
};

}  // namespace

TEST_CASE("both sides changed different fields: merged on both sides, no conflict", "[bridge][conflict]") {
    Edited e(ConflictPolicy::merge);
    e.w.put_local(event("e", {{"SUMMARY", "S0"}, {"LOCATION", "L-local"}, {"DESCRIPTION", "D0"}}));
    e.w.remote.colleague_update(e.id, event("e", {{"SUMMARY", "S-remote"}, {"LOCATION", "L0"}, {"DESCRIPTION", "D0"}}));
    const SyncReport r = e.w.sync();
    CHECK(r.conflicts == 0);
    CHECK(e.w.conflicts().empty());
    for (const std::string& text : {*e.w.local("e"), *e.w.remote_text("e")}) {
        CHECK(field(text, "SUMMARY") == "S-remote");
        CHECK(field(text, "LOCATION") == "L-local");
        CHECK(field(text, "DESCRIPTION") == "D0");
    }
    check_converged(e.w);
}

TEST_CASE("both sides changed the same field: Exchange wins and the local version is a conflict record",
          "[bridge][conflict]") {
    Edited e(ConflictPolicy::merge);
    e.w.put_local(event("e", {{"SUMMARY", "S-local"}, {"LOCATION", "L-local"}, {"DESCRIPTION", "D0"}}));
    e.w.remote.colleague_update(e.id, event("e", {{"SUMMARY", "S-remote"}, {"LOCATION", "L0"}, {"DESCRIPTION", "D0"}}));
    const SyncReport r = e.w.sync();
    CHECK(r.conflicts == 1);
    for (const std::string& text : {*e.w.local("e"), *e.w.remote_text("e")}) {
        CHECK(field(text, "SUMMARY") == "S-remote");
        CHECK(field(text, "LOCATION") == "L-local");  // the non-conflicting local change is kept
    }
    const auto conflicts = e.w.conflicts();
    REQUIRE(conflicts.size() == 1);
    CHECK(conflicts[0].uid == "e");
    CHECK(conflicts[0].source == "exchange:work");
    CHECK(conflicts[0].kind == "both-changed");
    CHECK(field(conflicts[0].incoming_data, "SUMMARY") == "S-local");
    check_converged(e.w);
    // Recorded once: the next cycle makes no new one.
    CHECK(e.w.sync().conflicts == 0);
    CHECK(e.w.conflicts().size() == 1);
}

TEST_CASE("overrides are merged per RECURRENCE-ID", "[bridge][conflict]") {
    World w;
    const std::string rid = "20260317T090000Z";
    auto series = [&](const std::string& master_location, const std::string& override_summary) {
        return calendar(vevent("s", {{"SUMMARY", "Weekly"}, {"LOCATION", master_location}, {"RRULE", "FREQ=WEEKLY;COUNT=5"}}) +
                        vevent("s", {{"SUMMARY", override_summary}}, rid));
    };
    w.put_local(series("Room 1", "Moved"));
    w.sync();
    w.put_local(series("Room 2", "Moved"));
    w.remote.colleague_update(w.remote_id("s"), series("Room 1", "Moved again"));
    const SyncReport r = w.sync();
    CHECK(r.conflicts == 0);
    for (const std::string& text : {*w.local("s"), *w.remote_text("s")}) {
        CHECK(field(text, "LOCATION") == "Room 2");
        CHECK(field(text, "SUMMARY", rid) == "Moved again");
        CHECK(field(text, "RRULE") == "FREQ=WEEKLY;COUNT=5");
    }
    check_converged(w);
}

TEST_CASE("remote-wins replaces the local edit and keeps it as a conflict", "[bridge][conflict]") {
    Edited e(ConflictPolicy::remote_wins);
    e.w.put_local(event("e", {{"SUMMARY", "S0"}, {"LOCATION", "L-local"}, {"DESCRIPTION", "D0"}}));
    e.w.remote.colleague_update(e.id, event("e", {{"SUMMARY", "S-remote"}, {"LOCATION", "L0"}, {"DESCRIPTION", "D0"}}));
    const SyncReport r = e.w.sync();
    CHECK(r.conflicts == 1);
    CHECK(field(*e.w.local("e"), "LOCATION") == "L0");
    CHECK(field(*e.w.local("e"), "SUMMARY") == "S-remote");
    REQUIRE(e.w.conflicts().size() == 1);
    CHECK(field(e.w.conflicts()[0].incoming_data, "LOCATION") == "L-local");
    check_converged(e.w);
}

TEST_CASE("local-wins pushes the local edit and keeps the remote version as a conflict", "[bridge][conflict]") {
    Edited e(ConflictPolicy::local_wins);
    e.w.put_local(event("e", {{"SUMMARY", "S0"}, {"LOCATION", "L-local"}, {"DESCRIPTION", "D0"}}));
    e.w.remote.colleague_update(e.id, event("e", {{"SUMMARY", "S-remote"}, {"LOCATION", "L0"}, {"DESCRIPTION", "D0"}}));
    const SyncReport r = e.w.sync();
    CHECK(r.conflicts == 1);
    CHECK(r.remote.updated == 1);
    CHECK(field(*e.w.remote_text("e"), "LOCATION") == "L-local");
    CHECK(field(*e.w.remote_text("e"), "SUMMARY") == "S0");
    REQUIRE(e.w.conflicts().size() == 1);
    CHECK(field(e.w.conflicts()[0].incoming_data, "SUMMARY") == "S-remote");
    check_converged(e.w);
}

TEST_CASE("the remote deletes an item edited locally", "[bridge][conflict]") {
    SECTION("merge: the deletion wins, the local edit is a conflict record") {
        Edited e(ConflictPolicy::merge);
        e.w.put_local(event("e", {{"SUMMARY", "S-local"}}));
        e.w.remote.colleague_remove(e.id);
        const SyncReport r = e.w.sync();
        CHECK(r.local.deleted == 1);
        CHECK_FALSE(e.w.local("e"));
        REQUIRE(e.w.conflicts().size() == 1);
        CHECK(e.w.conflicts()[0].kind == "changed-locally-deleted-remotely");
        CHECK(field(e.w.conflicts()[0].incoming_data, "SUMMARY") == "S-local");
        check_converged(e.w);
    }
    SECTION("local-wins: the item is created remotely again") {
        Edited e(ConflictPolicy::local_wins);
        e.w.put_local(event("e", {{"SUMMARY", "S-local"}}));
        e.w.remote.colleague_remove(e.id);
        const SyncReport r = e.w.sync();
        CHECK(r.remote.created == 1);
        CHECK(field(*e.w.remote_text("e"), "SUMMARY") == "S-local");
        check_converged(e.w);
    }
}

TEST_CASE("an item deleted locally and edited remotely", "[bridge][conflict]") {
    SECTION("merge: the remote edit comes back, nothing is deleted remotely") {
        Edited e(ConflictPolicy::merge);
        e.w.delete_local("e");
        e.w.remote.colleague_update(e.id, event("e", {{"SUMMARY", "S-remote"}}));
        const SyncReport r = e.w.sync();
        CHECK(r.remote.deleted == 0);
        REQUIRE(e.w.local("e"));
        CHECK(field(*e.w.local("e"), "SUMMARY") == "S-remote");
        REQUIRE(e.w.conflicts().size() == 1);
        CHECK(e.w.conflicts()[0].kind == "deleted-locally-changed-remotely");
        check_converged(e.w);
    }
    SECTION("local-wins: the remote item is deleted, its version kept as a conflict") {
        Edited e(ConflictPolicy::local_wins);
        e.w.delete_local("e");
        e.w.remote.colleague_update(e.id, event("e", {{"SUMMARY", "S-remote"}}));
        const SyncReport r = e.w.sync();
        CHECK(r.remote.deleted == 1);
        CHECK(e.w.remote.items().empty());
        REQUIRE(e.w.conflicts().size() == 1);
        CHECK(field(e.w.conflicts()[0].incoming_data, "SUMMARY") == "S-remote");
        check_converged(e.w);
    }
}

TEST_CASE("a remote conflict found while pushing is re-read and merged", "[bridge][conflict]") {
    Edited e(ConflictPolicy::merge);
    e.w.put_local(event("e", {{"SUMMARY", "S0"}, {"LOCATION", "L-local"}, {"DESCRIPTION", "D0"}}));
    // A colleague saves between our pull and our update: the update names an outdated version.
    bool done = false;
    e.w.remote.hook = [&](const std::string& call, bool after) {
        if (call == "update" && !after && !done) {
            done = true;
            e.w.remote.colleague_update(e.id,
                                        event("e", {{"SUMMARY", "S0"}, {"LOCATION", "L0"}, {"DESCRIPTION", "D-remote"}}));
        }
    };
    const SyncReport r = e.w.sync();
    CHECK(done);
    CHECK(r.complete);
    CHECK(r.conflicts == 0);
    for (const std::string& text : {*e.w.local("e"), *e.w.remote_text("e")}) {
        CHECK(field(text, "LOCATION") == "L-local");
        CHECK(field(text, "DESCRIPTION") == "D-remote");
    }
    e.w.remote.hook = nullptr;
    e.w.sync();
    check_converged(e.w);
}

TEST_CASE("a conflict's kept local version can be restored and reaches the remote", "[bridge][conflict]") {
    Edited e(ConflictPolicy::merge);
    e.w.put_local(event("e", {{"SUMMARY", "S-local"}, {"LOCATION", "L0"}, {"DESCRIPTION", "D0"}}));
    e.w.remote.colleague_update(e.id, event("e", {{"SUMMARY", "S-remote"}, {"LOCATION", "L0"}, {"DESCRIPTION", "D0"}}));
    e.w.sync();
    const auto conflicts = e.w.conflicts();
    REQUIRE(conflicts.size() == 1);
    const RestoreResult restored = restore_conflict(e.w.store, conflicts[0].id);
    REQUIRE(restored.ok);
    CHECK(e.w.conflicts().empty());
    CHECK(field(*e.w.local("e"), "SUMMARY") == "S-local");
    const SyncReport r = e.w.sync();
    CHECK(r.remote.updated == 1);
    CHECK(field(*e.w.remote_text("e"), "SUMMARY") == "S-local");
    check_converged(e.w);
    CHECK_FALSE(restore_conflict(e.w.store, conflicts[0].id).ok);  // once
}
