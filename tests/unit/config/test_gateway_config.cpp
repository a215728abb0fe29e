#include <catch2/catch.hpp>

#include "gateway/config/gateway_config.h"

#include <filesystem>
#include <fstream>

using calbridge::config::ConfigError;
using calbridge::config::load_config;
using calbridge::config::parse_config;

namespace {

// The error `text` (a configuration file named gw.toml) gives, or "no error".
std::string message(const char* text) {
    try {
        parse_config(text, "gw.toml");
    } catch (const ConfigError& e) {
        return std::string(e.what());
    }
    return std::string("no error");
}

}  // namespace

TEST_CASE("an empty configuration gives the documented defaults", "[config]") {
    auto c = parse_config("");
    CHECK(c.server.bind == "127.0.0.1");
    CHECK(c.server.port == 8008);
    CHECK(c.server.max_request_bytes == 10u << 20);
    CHECK(c.server.max_connections == 512);
    CHECK_FALSE(c.server.tls_cert.has_value());
    CHECK(c.store.path == "calbridge.db");
    CHECK(c.store.durability == "normal");
    CHECK(c.caldav.max_resource_size == 1u << 20);
    CHECK(c.log.level == "info");
    CHECK(c.log.access_log);
}

TEST_CASE("every key is read", "[config]") {
    auto c = parse_config(R"(
[server]
bind = "0.0.0.0"
port = 8443
threads = 3
max_request_bytes = 2048
request_timeout_seconds = 5
idle_timeout_seconds = 7
max_connections = 64
tls_cert = "cert.pem"
tls_key = "key.pem"
[store]
path = "/var/lib/calbridge/store.db"
durability = "full"
[caldav]
max_resource_size = 4096
[log]
level = "debug"
access_log = false
)");
    CHECK(c.server.bind == "0.0.0.0");
    CHECK(c.server.port == 8443);
    CHECK(c.server.threads == 3);
    CHECK(c.server.max_request_bytes == 2048);
    CHECK(c.server.request_timeout == std::chrono::seconds(5));
    CHECK(c.server.idle_timeout == std::chrono::seconds(7));
    CHECK(c.server.max_connections == 64);
    CHECK(c.server.tls_cert == std::filesystem::path("cert.pem"));
    CHECK(c.server.tls_key == std::filesystem::path("key.pem"));
    CHECK(c.store.path == "/var/lib/calbridge/store.db");
    CHECK(c.store.durability == "full");
    CHECK(c.caldav.max_resource_size == 4096);
    CHECK(c.log.level == "debug");
    CHECK_FALSE(c.log.access_log);
}

TEST_CASE("mistakes are errors that name the line and the key", "[config]") {
    CHECK(message("[server]\nprot = 1\n") == "gw.toml:2: server.prot: unknown key");
    CHECK(message("[server]\nport = 70000\n") == "gw.toml:2: server.port: must be between 0 and 65535");
    CHECK(message("[server]\nport = \"80\"\n") == "gw.toml:2: server.port: must be an integer");
    CHECK(message("[server]\nmax_connections = 0\n") == "gw.toml:2: server.max_connections: must be between 1 and 1000000");
    CHECK(message("[sever]\nport = 1\n").rfind("gw.toml:1: sever: unknown section", 0) == 0);
    CHECK(message("[store]\ndurability = \"fast\"\n") == "gw.toml:2: store.durability: must be \"normal\" or \"full\"");
    CHECK(message("[log]\nlevel = \"loud\"\n").find("log.level: must be one of") != std::string::npos);
    CHECK(message("[server]\ntls_cert = \"c.pem\"\n").find("tls_cert and server.tls_key go together") != std::string::npos);
    CHECK(message("[server\n").rfind("gw.toml:1: ", 0) == 0);  // TOML syntax error, with its line
}

TEST_CASE("relative paths in a file are relative to the file's folder", "[config]") {
    auto dir = std::filesystem::temp_directory_path() / "calbridge-config-test";
    std::filesystem::create_directories(dir);
    auto file = dir / "calbridge.toml";
    std::ofstream(file) << "[store]\npath = \"data/store.db\"\n[server]\ntls_cert = \"/etc/c.pem\"\ntls_key = \"k.pem\"\n";
    auto c = load_config(file);
    CHECK(c.store.path == dir / "data/store.db");
    CHECK(c.server.tls_cert == std::filesystem::path("/etc/c.pem"));
    CHECK(c.server.tls_key == dir / "k.pem");
    std::filesystem::remove_all(dir);
    CHECK_THROWS_AS(load_config(dir / "missing.toml"), ConfigError);
}

TEST_CASE("server.admins: the status page's administrators, a list of user names", "[config][status]") {
    CHECK(parse_config("").server.admins.empty());
    const auto c = parse_config("[server]\nadmins = [\"alice\", \"bob\"]\n");
    CHECK(c.server.admins == std::vector<std::string>{"alice", "bob"});
    CHECK(message("[server]\nadmins = \"alice\"\n").rfind("gw.toml:2: server.admins: must be an array of strings", 0) == 0);
    CHECK(message("[server]\nadmins = [\"\"]\n").find("server.admins: must be an array of non-empty strings") !=
          std::string::npos);
    CHECK(message("[server]\nadmins = [1]\n").find("server.admins: must be an array of non-empty strings") !=
          std::string::npos);
}
