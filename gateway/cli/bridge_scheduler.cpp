#include "gateway/cli/bridge_scheduler.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

#include "gateway/cli/bridge_runs.h"

namespace calbridge::cli {

using Clock = std::chrono::steady_clock;

BridgeScheduler::BridgeScheduler(store::SqliteStore& store, const config::GatewayConfig& config)
    : store_(store), config_(config) {
    if (!config_.bridges.empty()) thread_ = std::thread([this] { loop(); });
}

BridgeScheduler::~BridgeScheduler() { stop(); }

void BridgeScheduler::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void BridgeScheduler::loop() {
    std::vector<Clock::time_point> due(config_.bridges.size(), Clock::now());
    while (true) {
        const auto next = std::min_element(due.begin(), due.end());
        {
            std::unique_lock lock(mutex_);
            if (wake_.wait_until(lock, *next, [this] { return stopping_; })) return;
        }
        const std::size_t i = static_cast<std::size_t>(next - due.begin());
        const config::BridgeSection& bridge = config_.bridges[i];
        const BridgeRun run = run_bridge(store_, config_, bridge);
        const std::string line = describe(bridge_options(bridge).name, run);
        if (run.ok())
            spdlog::info("{}", line);
        else
            spdlog::warn("{}", line);
        auto wait = std::chrono::duration_cast<Clock::duration>(bridge.interval);
        wait = std::max(wait, std::chrono::duration_cast<Clock::duration>(std::chrono::milliseconds(run.report.retry_after_ms)));
        due[i] = Clock::now() + wait;
    }
}

}  // namespace calbridge::cli
