#pragma once
// The bridge engine (issue 5 item 3): keeps one local calendar collection and one remote calendar
// (RemoteCalendar: EWS now, Graph later) in step, one cycle per run_once().
//
// A cycle pulls, then pushes:
//  - pull: remote change pages from the saved sync state. Each item is applied to the local
//    object and its link in one store transaction (SqliteStore::bridge_apply / bridge_remove);
//    the state is saved after each page. A page applied twice changes nothing (an item whose
//    remote version equals its link's is skipped), so a crash anywhere only repeats work.
//    When the remote forgets the state (invalid_sync_state), the listing restarts from "" in a
//    new round: items are matched to links by remote id, then by UID (nothing duplicated), and
//    the links not seen by the end of the listing are items deleted remotely.
//  - push: local changes from the collection's change log after the pair's position (the whole
//    collection for a new pair), skipping the engine's own writes (etag == link.local_etag).
//    New objects are first looked up remotely by UID (a crash between a create and recording its
//    id leaves a remote item that must be linked, not created again), then created in batches;
//    changed ones are updated against their link's remote version (the content sent is recorded
//    first: after a crash before the result is recorded, the next pull recognises that version as
//    the engine's own write, so a later local edit is merged over it, not lost to a false
//    conflict); a remote conflict re-reads the item and merges; deleted ones are removed.
//  - both sides changed: BridgeOptions::policy. Nothing is ever lost: the version not kept is
//    recorded in the store's conflicts table (source "exchange:<pair>"), where `calbridge status`
//    shows it and from where it can be restored.
//  - a read-only remote (capabilities().can_write false, or access_denied on a write): pull
//    only, the pull resolving as remote_wins; local edits are reverted to the remote's version
//    and kept as conflicts whatever the policy, never retried. The pair's flag (saved before any
//    revert) makes the calendar read-only on CalDAV (Collection::read_only, issue 6 item 4).
//    Rights are asked at the start of a cycle: once per Bridge while writable, each cycle while
//    read-only (so a grant is noticed).
//  - busy, transient, permanent remote errors stop the cycle: what is done stays committed, the
//    report says why, the next cycle resumes. Any other exception (the store) propagates.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "gateway/store/sqlite_store.h"
#include "gateway/sync/remote_calendar.h"

namespace calbridge::sync {

enum class ConflictPolicy {
    merge,        // three-way merge per field (ical_merge.h); a true conflict: the remote side wins
    remote_wins,  // the remote version replaces the local one (kept as a conflict record)
    local_wins,   // the local version is pushed over the remote one (kept as a conflict record)
};

// "merge", "remote-wins", "local-wins"; nullopt for anything else.
std::optional<ConflictPolicy> parse_conflict_policy(std::string_view text);
const char* to_string(ConflictPolicy policy);

// Conflict kinds recorded by the bridge (conflicts.kind).
inline constexpr std::string_view kConflictBothChanged = "both-changed";
inline constexpr std::string_view kConflictChangedLocallyDeletedRemotely = "changed-locally-deleted-remotely";
inline constexpr std::string_view kConflictDeletedLocallyChangedRemotely = "deleted-locally-changed-remotely";
inline constexpr std::string_view kConflictReadOnlyRemote = "local-change-on-read-only-remote";

struct BridgeOptions {
    std::string name;             // the pair's name (store key, conflict source "exchange:<name>")
    std::string collection_path;  // the local calendar, e.g. "/dav/calendars/alice/calendar/"
    std::string remote;           // "<remote name>:<folder>", for people and logs
    ConflictPolicy policy = ConflictPolicy::merge;
    std::size_t batch_size = 100;          // items per remote write call, local changes per page
    std::size_t max_resource_size = 1u << 20;  // remote items larger than this are not stored
    // Tests only: called at each point between two store transactions of a cycle ("pulled item",
    // "pulled removal", "page applied", "pushed item", ...); throwing from it simulates a crash there.
    std::function<void(std::string_view point)> checkpoint;
};

struct SideCounts {
    std::int64_t created = 0, updated = 0, deleted = 0;
    std::int64_t total() const { return created + updated + deleted; }
};

struct SyncReport {
    SideCounts local;    // what the pull changed in the store
    SideCounts remote;   // what the push changed remotely
    std::int64_t conflicts = 0;  // conflict records made
    std::int64_t errors = 0;     // items skipped (rejected remotely, unreadable), see the log
    bool complete = true;        // false: stopped early (stopped_by), the next cycle resumes
    std::optional<RemoteErrorKind> stopped_by;
    std::string message;
    std::int64_t retry_after_ms = 0;  // busy: wait at least this before the next cycle
    bool read_only = false;           // the remote refused writes: pull only
    std::int64_t pulled() const { return local.total(); }
    std::int64_t pushed() const { return remote.total(); }
};

class Bridge {
public:
    // Throws store::StoreError when the collection does not exist.
    Bridge(store::SqliteStore& store, RemoteCalendar& remote, BridgeOptions options);
    ~Bridge();
    Bridge(const Bridge&) = delete;
    Bridge& operator=(const Bridge&) = delete;

    // One cycle: pull, then push. See the file comment for what stops it early.
    SyncReport run_once();

    const BridgeOptions& options() const { return options_; }

private:
    class Cycle;
    store::SqliteStore& store_;
    RemoteCalendar& remote_;
    BridgeOptions options_;
    std::optional<RemoteCapabilities> capabilities_;  // asked once, again after access_denied
};

}  // namespace calbridge::sync
