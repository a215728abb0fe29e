#pragma once
// One cycle of a bridge, as `calbridge sync`, `calbridge push` and `calbridge serve` run it:
// connect to the remote the configuration names, run the engine once, report.
#include <cstdint>
#include <functional>
#include <string>

#include "gateway/config/gateway_config.h"
#include "gateway/store/sqlite_store.h"
#include "gateway/sync/bridge.h"

namespace calbridge::cli {

struct BridgeRun {
    sync::SyncReport report;
    std::uint64_t round_trips = 0;  // HTTP requests to the remote, retries included
    std::string error;              // set when the cycle could not start (configuration, store)
    bool ok() const { return error.empty() && report.complete; }
};

// The engine's options for a configured bridge.
sync::BridgeOptions bridge_options(const config::BridgeSection& bridge);

// Wraps the connected remote before the engine uses it (push --dry-run); identity by default.
using RemoteWrapper = std::function<void(sync::RemoteCalendar& remote, const std::function<void(sync::RemoteCalendar&)>& run)>;

// Never throws for remote or configuration problems: they are in BridgeRun::error / report.
// The outcome is stored as the pair's last cycle (SqliteStore::record_bridge_outcome) unless
// wrap is given.
BridgeRun run_bridge(store::SqliteStore& store, const config::GatewayConfig& config, const config::BridgeSection& bridge,
                     const RemoteWrapper& wrap = {});

// "bridge work: local +1 ~2 -0, remote +0 ~1 -0, 0 conflicts, 0 errors, 3 round trips".
std::string describe(const std::string& name, const BridgeRun& run);

}  // namespace calbridge::cli
