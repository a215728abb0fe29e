#pragma once
// What the store commands (import, user, token, status, serve) share: the global options
// --config and --store, the configuration they give, and opening the store.
#include <memory>
#include <optional>
#include <string>

#include "gateway/config/gateway_config.h"
#include "gateway/store/sqlite_store.h"

namespace calbridge::cli {

struct GlobalOptions {
    std::string config_file;  // --config; empty: ./calbridge.toml when present, else built-in defaults
    std::string store_path;   // --store; overrides [store] path
};

// The configuration the options select. Throws config::ConfigError (a message naming the file
// and line) when the file cannot be read or is invalid.
config::GatewayConfig effective_config(const GlobalOptions& options);

// Loads the configuration and opens (creating if needed) the store it names. Logs the reason
// and returns null when either fails (exit kExitCannotOpen).
struct OpenedStore {
    config::GatewayConfig config;
    std::unique_ptr<store::SqliteStore> store;
};
OpenedStore open_store(const GlobalOptions& options);

// "/dav/calendars/<user>/calendar/": the calendar `calbridge user add` creates.
std::string default_calendar_path(const std::string& user);

}  // namespace calbridge::cli
