#pragma once
// calbridge's configuration file (TOML, read with toml++). Every key is documented in README.md
// ("Configuration"); a key this code does not know is an error, so a typo never goes unnoticed.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace calbridge::config {

struct ServerSection {
    std::string bind = "127.0.0.1";          // default: loopback only (issue 4 item 6)
    unsigned short port = 8008;              // the CalDAV port Apple's clients try first
    unsigned threads = 0;                    // 0: hardware threads, at least 2
    std::size_t max_request_bytes = 10u << 20;
    std::chrono::seconds request_timeout{30};
    std::chrono::seconds idle_timeout{60};
    std::size_t max_connections = 512;       // more are refused (503) until some close
    std::optional<std::filesystem::path> tls_cert;
    std::optional<std::filesystem::path> tls_key;
};

struct StoreSection {
    std::filesystem::path path = "calbridge.db";   // SQLite database (WAL files beside it)
    // "normal": SQLite WAL with synchronous=NORMAL: every acknowledged write survives a killed or
    // crashed calbridge (kill -9 included); an OS crash or power loss may lose the writes since
    // the last checkpoint, never the store's consistency. "full": one fsync per write, survives
    // power loss too, ~8x slower bulk writes (gateway/store/README.md).
    std::string durability = "normal";
};

struct CaldavSection {
    std::size_t max_resource_size = 1u << 20;      // CALDAV:max-resource-size (RFC 4791 5.2.5)
};

struct LogSection {
    std::string level = "info";                    // trace, debug, info, warn, error, off
    bool access_log = true;                        // one line per request, logger "access"
};

struct GatewayConfig {
    ServerSection server;
    StoreSection store;
    CaldavSection caldav;
    LogSection log;
};

class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Reads a configuration file. Relative paths in it are relative to the file's folder.
// Throws ConfigError naming the file, line and key ("calbridge.toml:7: server.port: ...").
GatewayConfig load_config(const std::filesystem::path& file);

// The same from text (tests; `source` names it in messages). Relative paths stay as written.
GatewayConfig parse_config(std::string_view toml_text, const std::string& source = "config");

}  // namespace calbridge::config
