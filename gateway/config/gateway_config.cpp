#include "gateway/config/gateway_config.h"

#include <toml++/toml.h>

#include <fstream>
#include <set>
#include <sstream>

namespace calbridge::config {
namespace {

std::string where(const std::string& source, const toml::node& node) {
    const auto& at = node.source().begin;
    return source + ":" + std::to_string(at.line);
}

class Reader {
public:
    explicit Reader(std::string source) : source_(std::move(source)) {}

    // Calls read(key, node) for every key of [section]; unknown keys are errors.
    template <typename Fn>
    void section(const toml::table& root, const char* name, const std::set<std::string>& known, Fn&& read) {
        const toml::node* node = root.get(name);
        if (!node) return;
        const toml::table* table = node->as_table();
        if (!table) fail(*node, name, "must be a table ([" + std::string(name) + "])");
        for (const auto& [key, value] : *table) {
            std::string k(key.str());
            if (!known.count(k)) fail(value, std::string(name) + "." + k, "unknown key");
            read(k, value, std::string(name) + "." + k);
        }
    }

    std::string string(const toml::node& n, const std::string& key) {
        if (auto v = n.value<std::string>()) return *v;
        fail(n, key, "must be a string");
    }
    bool boolean(const toml::node& n, const std::string& key) {
        if (auto v = n.value<bool>()) return *v;
        fail(n, key, "must be true or false");
    }
    std::int64_t integer(const toml::node& n, const std::string& key, std::int64_t min, std::int64_t max) {
        auto v = n.value<std::int64_t>();
        if (!v) fail(n, key, "must be an integer");
        if (*v < min || *v > max)
            fail(n, key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
        return *v;
    }

    [[noreturn]] void fail(const toml::node& n, const std::string& key, const std::string& what) {
        throw ConfigError(where(source_, n) + ": " + key + ": " + what);
    }

private:
    std::string source_;
};

void check_top_level(const toml::table& root, Reader& r) {
    static const std::set<std::string> sections{"server", "store", "caldav", "log"};
    for (const auto& [key, value] : root)
        if (!sections.count(std::string(key.str())))
            r.fail(value, std::string(key.str()), "unknown section (known: server, store, caldav, log)");
}

GatewayConfig read(const toml::table& root, const std::string& source) {
    Reader r(source);
    check_top_level(root, r);
    GatewayConfig c;
    r.section(root, "server",
              {"bind", "port", "threads", "max_request_bytes", "request_timeout_seconds",
               "idle_timeout_seconds", "max_connections", "tls_cert", "tls_key"},
              [&](const std::string& k, const toml::node& v, const std::string& key) {
                  if (k == "bind") c.server.bind = r.string(v, key);
                  else if (k == "port") c.server.port = static_cast<unsigned short>(r.integer(v, key, 0, 65535));
                  else if (k == "threads") c.server.threads = static_cast<unsigned>(r.integer(v, key, 0, 256));
                  else if (k == "max_request_bytes")
                      c.server.max_request_bytes = static_cast<std::size_t>(r.integer(v, key, 1024, std::int64_t{1} << 32));
                  else if (k == "request_timeout_seconds") c.server.request_timeout = std::chrono::seconds(r.integer(v, key, 1, 3600));
                  else if (k == "idle_timeout_seconds") c.server.idle_timeout = std::chrono::seconds(r.integer(v, key, 1, 3600));
                  else if (k == "max_connections")
                      c.server.max_connections = static_cast<std::size_t>(r.integer(v, key, 1, 1'000'000));
                  else if (k == "tls_cert") c.server.tls_cert = r.string(v, key);
                  else if (k == "tls_key") c.server.tls_key = r.string(v, key);
              });
    if (c.server.tls_cert.has_value() != c.server.tls_key.has_value())
        throw ConfigError(source + ": server.tls_cert and server.tls_key go together: set both or neither");
    r.section(root, "store", {"path", "durability"}, [&](const std::string& k, const toml::node& v, const std::string& key) {
        if (k == "path") {
            c.store.path = r.string(v, key);
        } else {
            c.store.durability = r.string(v, key);
            if (c.store.durability != "normal" && c.store.durability != "full")
                r.fail(v, key, "must be \"normal\" or \"full\"");
        }
    });
    r.section(root, "caldav", {"max_resource_size"}, [&](const std::string&, const toml::node& v, const std::string& key) {
        c.caldav.max_resource_size = static_cast<std::size_t>(r.integer(v, key, 1024, std::int64_t{1} << 30));
    });
    r.section(root, "log", {"level", "access_log"}, [&](const std::string& k, const toml::node& v, const std::string& key) {
        if (k == "level") {
            c.log.level = r.string(v, key);
            static const std::set<std::string> levels{"trace", "debug", "info", "warn", "error", "off"};
            if (!levels.count(c.log.level)) r.fail(v, key, "must be one of trace, debug, info, warn, error, off");
        } else {
            c.log.access_log = r.boolean(v, key);
        }
    });
    return c;
}

}  // namespace

GatewayConfig parse_config(std::string_view toml_text, const std::string& source) {
    try {
        return read(toml::parse(toml_text, source), source);
    } catch (const toml::parse_error& e) {
        throw ConfigError(source + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
    }
}

GatewayConfig load_config(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ConfigError("cannot read configuration file " + file.string());
    std::ostringstream text;
    text << in.rdbuf();
    GatewayConfig c = parse_config(text.str(), file.string());
    const auto base = file.parent_path();
    auto resolve = [&](std::filesystem::path& p) { if (p.is_relative()) p = base / p; };
    resolve(c.store.path);
    if (c.server.tls_cert) resolve(*c.server.tls_cert);
    if (c.server.tls_key) resolve(*c.server.tls_key);
    return c;
}

}  // namespace calbridge::config
