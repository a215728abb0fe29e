#include "gateway/cli/bridge_runs.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "gateway/remotes/remote_factory.h"
#include "gateway/store/sqlite_store.h"

namespace calbridge::cli {

namespace {

// One bridge cycle at a time per store, across processes (`calbridge sync` beside a running
// `calbridge serve`): two engines pushing the same local change would both create it remotely.
// flock(2) on "<store>.bridge-lock"; the kernel drops it when the process dies, kill -9 included.
class CycleLock {
public:
    explicit CycleLock(const std::string& store_file) {
        const std::string path = store_file + ".bridge-lock";
        fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd_ < 0) throw store::StoreError("cannot open the bridge lock " + path + ": " + std::strerror(errno));
        if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
            spdlog::info("another calbridge process is running a bridge cycle on this store; waiting for it");
            while (::flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
            }
        }
    }
    ~CycleLock() {
        if (fd_ >= 0) ::close(fd_);  // releases the lock
    }
    CycleLock(const CycleLock&) = delete;
    CycleLock& operator=(const CycleLock&) = delete;

private:
    int fd_ = -1;
};

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Stores how the cycle ended, for the status page (issue 6 item 6). A cycle that could not start
// (no such remote, the remote unreachable before the engine ran) still names its pair, made here
// when missing so that its error shows; a pair whose calendar is gone has nowhere to show it:
// the log has it. Never throws: the cycle's own outcome is what the caller reports.
void record_outcome(store::SqliteStore& store, const sync::BridgeOptions& options, const BridgeRun& run) {
    store::BridgeOutcome o;
    o.finished_at = unix_now();
    o.complete = run.ok();
    const sync::SyncReport& r = run.report;
    o.local_created = r.local.created;
    o.local_updated = r.local.updated;
    o.local_deleted = r.local.deleted;
    o.remote_created = r.remote.created;
    o.remote_updated = r.remote.updated;
    o.remote_deleted = r.remote.deleted;
    o.conflicts = r.conflicts;
    o.errors = r.errors;
    o.round_trips = static_cast<std::int64_t>(run.round_trips);
    if (!run.error.empty()) o.error = run.error;
    else if (!r.complete) o.error = r.message.empty() ? "stopped early" : r.message;
    try {
        // Never creates the pair: a name would then be tied to a calendar by a cycle that never
        // ran (a wrong secret, a typo in the remote), and a corrected [[bridge]] refused.
        const std::optional<store::BridgePair> pair = store.find_bridge_pair(options.name);
        if (!pair) {
            spdlog::debug("bridge {}: no pair in the store to record the cycle's outcome on", options.name);
            return;
        }
        store.record_bridge_outcome(pair->id, o);
    } catch (const store::StoreError& e) {
        spdlog::warn("bridge {}: cannot record the cycle's outcome: {}", options.name, e.what());
    }
}

}  // namespace

sync::BridgeOptions bridge_options(const config::BridgeSection& bridge) {
    sync::BridgeOptions o;
    o.name = bridge.name.empty() ? bridge.calendar : bridge.name;
    o.collection_path = bridge.calendar;
    o.remote = bridge.remote + ":" + remotes::describe_folder(bridge.remote_folder);
    o.policy = sync::parse_conflict_policy(bridge.policy).value_or(sync::ConflictPolicy::merge);
    return o;
}

BridgeRun run_bridge(store::SqliteStore& store, const config::GatewayConfig& config, const config::BridgeSection& bridge,
                     const RemoteWrapper& wrap) {
    BridgeRun run;
    const sync::BridgeOptions options = bridge_options(bridge);
    const config::RemoteSection* remote = config.remote(bridge.remote);
    if (!remote) {
        run.error = "bridge " + options.name + ": no [[remote]] named \"" + bridge.remote + "\"";
        if (!wrap) record_outcome(store, options, run);
        return run;
    }
    remotes::RemoteHandle handle;
    try {
        const CycleLock lock(store.file());
        handle = remotes::open_remote(*remote, bridge.remote_folder);
        const auto cycle = [&](sync::RemoteCalendar& calendar) {
            sync::Bridge engine(store, calendar, options);
            run.report = engine.run_once();
        };
        if (wrap)
            wrap(*handle.calendar, cycle);
        else
            cycle(*handle.calendar);
    } catch (const config::ConfigError& e) {
        run.error = e.what();
    } catch (const sync::RemoteError& e) {
        run.error = "bridge " + options.name + ": " + e.what();
    } catch (const store::StoreError& e) {
        run.error = "bridge " + options.name + ": " + e.what();
    }
    run.round_trips = handle.round_trips();
    if (!wrap) record_outcome(store, options, run);  // a wrapped run (push --dry-run) changed nothing
    return run;
}

std::string describe(const std::string& name, const BridgeRun& run) {
    if (!run.error.empty()) return "bridge " + name + ": not run: " + run.error;
    const sync::SyncReport& r = run.report;
    std::string text = "bridge " + name + ": local +" + std::to_string(r.local.created) + " ~" +
                       std::to_string(r.local.updated) + " -" + std::to_string(r.local.deleted) + ", remote +" +
                       std::to_string(r.remote.created) + " ~" + std::to_string(r.remote.updated) + " -" +
                       std::to_string(r.remote.deleted) + ", " + std::to_string(r.conflicts) + " conflicts, " +
                       std::to_string(r.errors) + " errors, " + std::to_string(run.round_trips) + " round trips";
    if (r.read_only) text += " (remote is read-only: pulled only)";
    if (!r.complete) text += "; stopped early: " + r.message + " (the next cycle resumes)";
    return text;
}

}  // namespace calbridge::cli
