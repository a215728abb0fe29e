#pragma once
// Stops an HttpServer gracefully on SIGTERM or SIGINT (asio::signal_set on its own thread).
#include <memory>

namespace calbridge::http {

class HttpServer;

class StopOnSignals {
public:
    explicit StopOnSignals(HttpServer& server);
    ~StopOnSignals();  // stops listening for the signals
    StopOnSignals(const StopOnSignals&) = delete;
    StopOnSignals& operator=(const StopOnSignals&) = delete;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace calbridge::http
