// Remote faults: a forgotten sync state, throttling, a read-only calendar.
#include "bridge_fixture.h"

using namespace calbridge;
using namespace calbridge::sync;
using namespace calbridge::sync::testing;

TEST_CASE("an invalid sync state in the middle of a listing restarts it without duplicates", "[bridge][faults]") {
    World w;
    w.remote.page_size = 2;
    std::vector<std::string> ids;
    for (int i = 0; i < 7; ++i) ids.push_back(w.remote.colleague_create(event("r" + std::to_string(i), {{"SUMMARY", "x"}})));
    // The state given with the first page is forgotten before the second page is asked for.
    int pages = 0;
    w.remote.hook = [&](const std::string& call, bool after) {
        if (call == "changes" && after && ++pages == 1) w.remote.invalidate_states();
    };
    const SyncReport r = w.sync();
    CHECK(r.complete);
    CHECK(pages > 4);  // the listing started again
    CHECK(r.local.created == 7);
    CHECK(w.local_all().size() == 7);
    check_converged(w);

    // Later: one item deleted and one edited while the state is lost. The new listing finds the
    // edit, and the deletion by the item's absence.
    w.remote.hook = nullptr;
    w.remote.colleague_remove(ids[2]);
    w.remote.colleague_update(ids[5], event("r5", {{"SUMMARY", "edited"}}));
    w.remote.invalidate_states();
    const SyncReport again = w.sync();
    CHECK(again.complete);
    CHECK(again.local.deleted == 1);
    CHECK(again.local.updated == 1);
    CHECK(again.local.created == 0);
    CHECK_FALSE(w.local("r2"));
    CHECK(field(*w.local("r5"), "SUMMARY") == "edited");
    check_converged(w);
}

TEST_CASE("a busy remote stops the cycle cleanly and the next one resumes", "[bridge][faults]") {
    World w;
    w.remote.page_size = 2;
    for (int i = 0; i < 6; ++i) w.remote.colleague_create(event("r" + std::to_string(i), {{"SUMMARY", "x"}}));
    for (int i = 0; i < 5; ++i) w.put_local(event("l" + std::to_string(i), {{"SUMMARY", "y"}}));
    int changes = 0, creates = 0;
    w.remote.hook = [&](const std::string& call, bool after) {
        if (after) return;
        if (call == "changes" && ++changes == 2)
            throw RemoteError(RemoteErrorKind::busy, "ErrorServerBusy", 250);
        if (call == "create" && ++creates == 2) throw RemoteError(RemoteErrorKind::transient, "connection reset");
    };
    const SyncReport first = w.sync();
    CHECK_FALSE(first.complete);
    CHECK(first.stopped_by == RemoteErrorKind::busy);
    CHECK(first.retry_after_ms == 250);
    CHECK(first.local.created == 2);  // the first page stays applied
    CHECK(first.pushed() == 0);       // no push after an incomplete pull

    const SyncReport second = w.sync();
    CHECK_FALSE(second.complete);
    CHECK(second.stopped_by == RemoteErrorKind::transient);
    CHECK(second.local.created == 4);
    CHECK(second.remote.created == 2);  // the first create batch is recorded

    const SyncReport third = w.sync();
    CHECK(third.complete);
    CHECK(third.remote.created == 3);
    check_converged(w);
    CHECK(w.remote.items().size() == 11);
}

TEST_CASE("a read-only remote: pulled, local edits reverted and kept as conflicts, never retried",
          "[bridge][faults]") {
    World w;
    const std::string id = w.remote.colleague_create(event("shared", {{"SUMMARY", "Board meeting"}}));
    w.remote.can_write = false;
    SyncReport r = w.sync();
    CHECK(r.local.created == 1);

    w.put_local(event("shared", {{"SUMMARY", "my edit"}}));
    w.put_local(event("mine", {{"SUMMARY", "new here"}}));
    r = w.sync();
    CHECK(r.complete);
    CHECK(r.read_only);
    CHECK(r.conflicts == 2);
    CHECK(field(*w.local("shared"), "SUMMARY") == "Board meeting");
    CHECK_FALSE(w.local("mine"));
    const auto conflicts = w.conflicts();
    REQUIRE(conflicts.size() == 2);
    CHECK(conflicts[0].kind == "local-change-on-read-only-remote");

    w.delete_local("shared");
    r = w.sync();
    CHECK(r.conflicts == 1);
    CHECK(w.local("shared"));  // restored

    w.remote.calls.clear();
    r = w.sync();
    CHECK(r.conflicts == 0);
    CHECK(w.remote.calls["create"] + w.remote.calls["update"] + w.remote.calls["remove"] == 0);
    // The colleague's changes still arrive.
    w.remote.colleague_update(id, event("shared", {{"SUMMARY", "Moved"}}));
    r = w.sync();
    CHECK(field(*w.local("shared"), "SUMMARY") == "Moved");
    check_converged(w);
}

TEST_CASE("access denied on a write is treated as a read-only calendar", "[bridge][faults]") {
    World w;
    w.remote.colleague_create(event("shared", {{"SUMMARY", "S"}}));
    w.sync();
    w.put_local(event("shared", {{"SUMMARY", "mine"}}));
    // The folder says it is writable, but the write is refused.
    w.remote.hook = [&](const std::string& call, bool after) {
        if (call == "update" && !after) w.remote.can_write = false;
    };
    const SyncReport r = w.sync();
    CHECK(r.read_only);
    CHECK(r.conflicts == 1);
    CHECK(field(*w.local("shared"), "SUMMARY") == "S");
}

TEST_CASE("an item the adapter could not convert is reported and keeps its local copy in a full listing",
          "[bridge][faults]") {
    World w;
    const std::string id = w.remote.colleague_create(event("odd", {{"SUMMARY", "fine"}}));
    w.sync();
    // The adapter reports the item without content (it failed to convert it), then the state
    // is lost: a new full listing must not take the item for deleted.
    struct Unconvertible final : RemoteCalendar {
        FakeRemoteCalendar& inner;
        explicit Unconvertible(FakeRemoteCalendar& f) : inner(f) {}
        RemoteCapabilities capabilities() override { return inner.capabilities(); }
        RemoteChanges changes(std::string_view state, const KnownVersions& known) override {
            RemoteChanges page = inner.changes(state, known);
            for (RemoteItem& item : page.upserts) item.ical.clear();
            return page;
        }
        std::vector<WriteOutcome> create(std::span<const std::string> i) override { return inner.create(i); }
        std::vector<WriteOutcome> update(std::span<const RemoteUpdate> u) override { return inner.update(u); }
        std::vector<WriteOutcome> remove(std::span<const RemoteRef> r) override { return inner.remove(r); }
        std::vector<std::optional<RemoteItem>> find_by_uid(std::span<const std::string> u) override {
            return inner.find_by_uid(u);
        }
    } adapter(w.remote);
    w.remote.colleague_update(id, event("odd", {{"SUMMARY", "changed"}}));
    w.remote.invalidate_states();
    Bridge bridge(w.store, adapter, w.options());
    const SyncReport r = bridge.run_once();
    CHECK(r.errors == 1);
    CHECK(r.local.deleted == 0);
    REQUIRE(w.local("odd"));
    CHECK(field(*w.local("odd"), "SUMMARY") == "fine");
}
