#include "gateway/http/access_log.h"

#include <spdlog/spdlog.h>

#include <mutex>

namespace calbridge::http {

namespace {

// Printable ASCII is kept; quotes, backslashes, controls and bytes >= 0x80 become \xNN.
void append_escaped(std::string& out, std::string_view text) {
    if (text.empty()) {
        out += '-';
        return;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    for (char ch : text) {
        auto c = static_cast<unsigned char>(ch);
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
            out += ch;
        } else {
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 0xf];
        }
    }
}

}  // namespace

std::shared_ptr<spdlog::logger> access_logger() {
    if (auto existing = spdlog::get("access")) return existing;
    static std::mutex mutex;  // two threads must not both create and register it
    std::lock_guard lock(mutex);
    if (auto existing = spdlog::get("access")) return existing;
    auto sinks = spdlog::default_logger()->sinks();
    auto logger = std::make_shared<spdlog::logger>("access", sinks.begin(), sinks.end());
    logger->set_level(spdlog::level::info);
    spdlog::register_logger(logger);
    return logger;
}

std::string format_access_line(const AccessRecord& r) {
    std::string line;
    line.reserve(128 + r.target.size());
    append_escaped(line, r.remote);
    line += " - ";  // RFC 1413 identity: never known
    append_escaped(line, r.user);
    line += " \"";
    append_escaped(line, r.method);
    line += ' ';
    append_escaped(line, r.target);
    line += r.version == 10 ? " HTTP/1.0\" " : " HTTP/1.1\" ";
    line += std::to_string(r.status);
    line += ' ';
    line += std::to_string(r.response_bytes);
    double ms = std::chrono::duration<double, std::milli>(r.duration).count();
    char duration[32];
    std::snprintf(duration, sizeof duration, " %.1fms", ms);
    line += duration;
    return line;
}

void log_access(const AccessRecord& record) {
    // Looked up on each call (cheap) so that an application registering its own "access"
    // logger after the server started is still honoured.
    auto logger = access_logger();
    if (logger->should_log(spdlog::level::info)) logger->info("{}", format_access_line(record));
}

}  // namespace calbridge::http
