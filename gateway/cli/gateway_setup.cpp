#include "gateway/cli/gateway_setup.h"

#include <spdlog/spdlog.h>

#include <filesystem>

namespace calbridge::cli {

namespace fs = std::filesystem;

namespace {
constexpr const char* kDefaultConfigFile = "calbridge.toml";
}

config::GatewayConfig effective_config(const GlobalOptions& options) {
    config::GatewayConfig c;
    if (!options.config_file.empty()) {
        c = config::load_config(options.config_file);
    } else if (std::error_code ec; fs::is_regular_file(kDefaultConfigFile, ec)) {
        spdlog::debug("reading the configuration from ./{}", kDefaultConfigFile);
        c = config::load_config(kDefaultConfigFile);
    }
    if (!options.store_path.empty()) c.store.path = options.store_path;
    return c;
}

OpenedStore open_store(const GlobalOptions& options) {
    OpenedStore opened;
    try {
        opened.config = effective_config(options);
    } catch (const config::ConfigError& e) {
        spdlog::error("{}", e.what());
        return opened;
    }
    try {
        store::StoreOptions store_options;
        store_options.fsync_each_commit = opened.config.store.durability == "full";
        opened.store = std::make_unique<store::SqliteStore>(opened.config.store.path, store_options);
    } catch (const std::exception& e) {
        spdlog::error("cannot open the store {}: {}", opened.config.store.path.string(), e.what());
        opened.store.reset();
    }
    return opened;
}

std::string default_calendar_path(const std::string& user) { return store::SqliteStore::home_path(user) + "calendar/"; }

}  // namespace calbridge::cli
