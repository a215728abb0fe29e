#include "gateway/cli/sync_command.h"

#include <spdlog/spdlog.h>

#include <cstdio>

#include "gateway/cli/bridge_runs.h"
#include "gateway/cli/exit_codes.h"

namespace calbridge::cli {

int run_sync(const GlobalOptions& global, const SyncOptions& options) {
    OpenedStore opened = open_store(global);
    if (!opened.store) return kExitCannotOpen;
    const config::GatewayConfig& config = opened.config;
    if (config.bridges.empty()) {
        spdlog::error("no [[bridge]] in the configuration: nothing to sync (README, \"Bridging with Exchange\")");
        return kExitUsage;
    }
    std::vector<const config::BridgeSection*> chosen;
    for (const std::string& name : options.bridges) {
        const config::BridgeSection* found = nullptr;
        for (const auto& b : config.bridges)
            if (bridge_options(b).name == name) found = &b;
        if (!found) {
            spdlog::error("no [[bridge]] named \"{}\" in the configuration", name);
            return kExitUsage;
        }
        chosen.push_back(found);
    }
    if (chosen.empty())
        for (const auto& b : config.bridges) chosen.push_back(&b);

    int exit_code = kExitOk;
    for (const config::BridgeSection* bridge : chosen) {
        const BridgeRun run = run_bridge(*opened.store, config, *bridge);
        std::printf("%s\n", describe(bridge_options(*bridge).name, run).c_str());
        if (!run.ok()) exit_code = kExitPartial;
    }
    std::fflush(stdout);
    return exit_code;
}

}  // namespace calbridge::cli
