#pragma once
// Settings of the HTTP server (gateway/http) and the type of the function it hands requests to.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "caldav/http_message.h"

namespace calbridge::http {

struct ServerConfig {
    std::string bind_address = "127.0.0.1";
    unsigned short port = 0;                    // 0: an ephemeral port, see HttpServer::port()
    unsigned threads = 0;                       // 0: hardware_concurrency, at least 2
    std::size_t max_body_bytes = 10 * 1024 * 1024;   // larger bodies get 413
    std::size_t max_header_bytes = 16 * 1024;        // request line + fields; larger get 431
    // Open connections at most (each costs a file descriptor and buffers); one more is closed
    // at once (on plain HTTP after a 503 with Retry-After). At least 1.
    std::size_t max_connections = 512;
    std::chrono::seconds read_timeout{30};      // the whole request (headers and body) → 408
    std::chrono::seconds idle_timeout{60};      // a keep-alive connection between requests
    std::chrono::seconds write_timeout{30};     // one response; a client that stops reading is cut
    std::chrono::seconds shutdown_timeout{10};  // stop(): how long in-flight requests may finish
    // Both set: HTTPS only (TLS 1.2+). One set without the other is a configuration error.
    std::optional<std::filesystem::path> tls_cert, tls_key;
    // Rewrites a request-target before it is written to the access log, e.g. to hide the
    // secret token of an .ics subscription URL. Empty: the target is logged as sent.
    std::function<std::string(std::string_view target)> access_log_target;
};

// Called on a pool thread for each complete request; may block (SQLite) and is called
// concurrently from several threads. It may set Request::user (the access log shows it).
// An exception becomes a 500 response.
using Handler = std::function<caldav::Response(caldav::Request&)>;

}  // namespace calbridge::http
