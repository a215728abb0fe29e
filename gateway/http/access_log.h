#pragma once
// One access-log line per request through the spdlog logger named "access", in a form close
// to the Common Log Format (the timestamp comes from the logger's pattern):
//   127.0.0.1 - alice "PROPFIND /dav/alice/ HTTP/1.1" 207 1532 4.2ms
// The Authorization header is never logged (nor any header). Untrusted strings are escaped so
// a request cannot forge log lines.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace spdlog { class logger; }

namespace calbridge::http {

struct AccessRecord {
    std::string_view remote;   // client address
    std::string_view user;     // authenticated user, empty: "-"
    std::string_view method;   // empty (unparsable request): "-"
    std::string_view target;
    unsigned version = 11;     // 11: HTTP/1.1
    int status = 0;
    std::size_t response_bytes = 0;  // body bytes sent
    std::chrono::steady_clock::duration duration{};
};

// The "access" logger: the one registered under that name (the application may register its
// own, e.g. with a file sink), else one created on the default logger's sinks at level info.
std::shared_ptr<spdlog::logger> access_logger();

std::string format_access_line(const AccessRecord& record);
void log_access(const AccessRecord& record);

}  // namespace calbridge::http
