#pragma once
// `calbridge sync [--bridge NAME]...` (issue 5 item 3): one cycle of every configured bridge
// ([[bridge]] in the configuration), or of the ones named: remote changes pulled into the store,
// local changes pushed to the remote. What `calbridge serve` does on each bridge's interval.
#include <string>
#include <vector>

#include "gateway/cli/console.h"
#include "gateway/cli/gateway_setup.h"

namespace calbridge::cli {

struct SyncOptions {
    std::vector<std::string> bridges;  // names; empty: all
};

// 0 every cycle complete; 1 no such bridge / none configured; 2 the configuration or the store
// cannot be opened; 3 some cycle stopped early or could not start (see its line).
int run_sync(const GlobalOptions& global, const SyncOptions& options);

}  // namespace calbridge::cli
