#include "gateway/cli/serve_command.h"

#include <spdlog/spdlog.h>

#include <cstdio>

#include "caldav/engine/engine.h"
#include "gateway/auth/authenticator.h"
#include "gateway/cli/bridge_scheduler.h"
#include "gateway/cli/exit_codes.h"
#include "gateway/cli/gateway_handler.h"
#include "gateway/cli/server_logging.h"
#include "gateway/cli/tls_setup.h"
#include "gateway/config/bind_policy.h"
#include "gateway/http/http_server.h"
#include "gateway/http/signal_stop.h"

namespace calbridge::cli {

namespace {

http::ServerConfig server_config(const config::GatewayConfig& c, const std::optional<http::SelfSignedFiles>& tls) {
    http::ServerConfig s;
    s.bind_address = c.server.bind;
    s.port = c.server.port;
    s.threads = c.server.threads;
    s.max_body_bytes = c.server.max_request_bytes;
    s.read_timeout = c.server.request_timeout;
    s.idle_timeout = c.server.idle_timeout;
    s.max_connections = c.server.max_connections;
    if (tls) {
        s.tls_cert = tls->certificate;
        s.tls_key = tls->private_key;
    }
    s.access_log_target = [](std::string_view target) { return redact_target(target); };
    return s;
}

std::string base_url(const config::GatewayConfig& c, unsigned short port) {
    const std::string host = c.server.bind.find(':') != std::string::npos ? "[" + c.server.bind + "]" : c.server.bind;
    return std::string(config::serves_tls(c.server) ? "https" : "http") + "://" + host + ":" + std::to_string(port);
}

}  // namespace

int run_serve(const GlobalOptions& global, Verbosity verbosity, bool verbosity_given) {
    // Refused before the store is opened (and maybe created): nothing happens on a bad bind.
    try {
        if (auto refusal = config::insecure_bind_refusal(effective_config(global).server)) {
            spdlog::error("{}", *refusal);
            return kExitCannotOpen;
        }
    } catch (const config::ConfigError&) {
        // open_store reports it
    }
    OpenedStore opened = open_store(global);
    if (!opened.store) return kExitCannotOpen;
    const config::GatewayConfig& config = opened.config;
    init_server_logging(config.log, verbosity, verbosity_given);
    store::SqliteStore& db = *opened.store;

    if (!config::is_loopback_bind(config.server.bind) && !config::serves_tls(config.server))
        spdlog::warn("LISTENING ON {} WITHOUT TLS (allow_insecure = true): passwords and calendars cross the network "
                     "in clear text unless a TLS-terminating proxy in front is the only way in.",
                     config.server.bind);
    std::optional<http::SelfSignedFiles> tls;
    try {
        tls = prepare_tls(config);
    } catch (const std::exception& e) {
        spdlog::error("{}", e.what());
        return kExitCannotOpen;
    }

    auth::Authenticator authenticator([&db](std::string_view user) { return db.user_password_hash(user); });
    caldav::EngineOptions engine_options;
    engine_options.max_resource_size = config.caldav.max_resource_size;
    caldav::Engine engine(db, engine_options);
    const status::StatusHandler status_page(db, config.server.admins);
    GatewayHandler handler(engine, authenticator, &status_page);

    http::HttpServer server(server_config(config, tls), [&handler](caldav::Request& r) { return handler(r); });
    http::StopOnSignals stop_on_signals(server);
    try {
        server.start();
    } catch (const std::exception& e) {
        spdlog::error("{}", e.what());
        return kExitCannotOpen;
    }
    const std::string url = base_url(config, server.port());
    std::printf("calbridge: serving %s/dav/\n", url.c_str());
    std::fflush(stdout);
    std::string admins;
    for (const std::string& a : config.server.admins) admins += (admins.empty() ? "" : ", ") + a;
    spdlog::info("status page: {}/status/ (administrators: {})", url, admins.empty() ? "none" : admins);
    spdlog::info("store {}; {} users; stop with SIGTERM or Ctrl-C", db.file(), db.list_users().size());
    if (db.list_users().empty()) spdlog::warn("no users yet: add one with calbridge user add NAME");
    BridgeScheduler bridges(db, config);  // the [[bridge]] cycles, on their own thread
    server.wait();
    bridges.stop();
    spdlog::info("stopped");
    return kExitOk;
}

}  // namespace calbridge::cli
