#pragma once
// Client options pointing at a CannedServer, with the waits recorded instead of slept, and a
// log capture for the "no secrets in logs" checks.
#include <chrono>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "canned_server.h"
#include "ews/client.h"

namespace calbridge::ews::test {

inline constexpr const char* kUser = "alice@example.com";
inline constexpr const char* kPassword = "S3cret-pa55word";

struct Waits {
    std::vector<std::chrono::milliseconds> list;
};

inline ClientOptions options_for(const std::string& url, Waits& waits) {
    ClientOptions o;
    o.url = url;
    o.transport.credentials.method = AuthMethod::basic;
    o.transport.credentials.user = kUser;
    o.transport.credentials.password = kPassword;
    o.transport.connect_timeout = std::chrono::milliseconds(2000);
    o.transport.total_timeout = std::chrono::milliseconds(5000);
    o.transport.proxy = "";  // never a proxy from the environment on loopback
    o.sleep = [&waits](std::chrono::milliseconds d) { waits.list.push_back(d); };
    return o;
}

// Sends every spdlog message (all levels) to a string while alive.
class LogCapture {
public:
    LogCapture() : previous_(spdlog::default_logger()) {
        auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
        auto logger = std::make_shared<spdlog::logger>("capture", sink);
        logger->set_level(spdlog::level::trace);
        spdlog::set_default_logger(logger);
    }
    ~LogCapture() { spdlog::set_default_logger(previous_); }
    std::string text() const { return out_.str(); }

private:
    std::shared_ptr<spdlog::logger> previous_;
    std::ostringstream out_;
};

}  // namespace calbridge::ews::test
