#include "gateway/sync/bridge.h"

#include <spdlog/spdlog.h>

#include "gateway/sync/bridge_cycle.h"

namespace calbridge::sync {

std::optional<ConflictPolicy> parse_conflict_policy(std::string_view text) {
    if (text == "merge") return ConflictPolicy::merge;
    if (text == "remote-wins") return ConflictPolicy::remote_wins;
    if (text == "local-wins") return ConflictPolicy::local_wins;
    return std::nullopt;
}

const char* to_string(ConflictPolicy policy) {
    switch (policy) {
        case ConflictPolicy::merge: return "merge";
        case ConflictPolicy::remote_wins: return "remote-wins";
        case ConflictPolicy::local_wins: return "local-wins";
    }
    return "merge";
}


using namespace bridge_detail;


Bridge::Bridge(store::SqliteStore& store, RemoteCalendar& remote, BridgeOptions options)
    : store_(store), remote_(remote), options_(std::move(options)) {
    if (options_.batch_size == 0) options_.batch_size = 1;
    if (!store_.collection(options_.collection_path))
        throw store::StoreError("bridge " + options_.name + ": no calendar at " + options_.collection_path);
}

Bridge::~Bridge() = default;

SyncReport Bridge::run_once() {
    SyncReport report;
    try {
        Cycle cycle(*this, report);
        cycle.learn_rights();
        cycle.pull();
        cycle.push();
    } catch (const RemoteError& e) {
        report.complete = false;
        report.stopped_by = e.kind();
        report.message = e.what();
        report.retry_after_ms = e.retry_after_ms();
        if (e.kind() == RemoteErrorKind::access_denied) report.read_only = true;
        spdlog::log(e.kind() == RemoteErrorKind::busy ? spdlog::level::info : spdlog::level::warn,
                    "bridge {}: cycle stopped ({}): {}; done so far is kept, the next cycle resumes", options_.name,
                    kind_name(e.kind()), e.what());
    }
    spdlog::info("bridge {}: local +{} ~{} -{}, remote +{} ~{} -{}, {} conflicts, {} errors", options_.name,
                 report.local.created, report.local.updated, report.local.deleted, report.remote.created,
                 report.remote.updated, report.remote.deleted, report.conflicts, report.errors);
    return report;
}

}  // namespace calbridge::sync

