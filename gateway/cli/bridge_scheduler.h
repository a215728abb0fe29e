#pragma once
// The bridges of `calbridge serve` (issue 5 item 3): one thread runs each configured [[bridge]]
// at start and then every `interval` (after a throttled cycle, not before the remote's back-off),
// one cycle at a time, so the CalDAV server's threads never wait for Exchange. Stopping waits for
// the cycle in progress; every cycle commits as it goes, so a kill at any moment loses nothing.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "gateway/config/gateway_config.h"
#include "gateway/store/sqlite_store.h"

namespace calbridge::cli {

class BridgeScheduler {
public:
    // Starts the thread when the configuration has bridges.
    BridgeScheduler(store::SqliteStore& store, const config::GatewayConfig& config);
    ~BridgeScheduler();  // stop()
    BridgeScheduler(const BridgeScheduler&) = delete;
    BridgeScheduler& operator=(const BridgeScheduler&) = delete;

    void stop();

private:
    void loop();

    store::SqliteStore& store_;
    const config::GatewayConfig& config_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace calbridge::cli
