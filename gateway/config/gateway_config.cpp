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

    // Calls read(index, key, node) for every key of every [[name]] table; unknown keys are errors.
    template <typename Fn>
    void table_array(const toml::table& root, const char* name, const std::set<std::string>& known, Fn&& read) {
        const toml::node* node = root.get(name);
        if (!node) return;
        const toml::array* array = node->as_array();
        if (!array) fail(*node, name, "must be an array of tables ([[" + std::string(name) + "]])");
        std::size_t index = 0;
        for (const toml::node& element : *array) {
            const toml::table* table = element.as_table();
            const std::string prefix = std::string(name) + "[" + std::to_string(index) + "]";
            if (!table) fail(element, prefix, "must be a table ([[" + std::string(name) + "]])");
            read(index, std::string(), element, prefix);  // a new entry starts
            for (const auto& [key, value] : *table) {
                std::string k(key.str());
                if (!known.count(k)) fail(value, prefix + "." + k, "unknown key");
                read(index, k, value, prefix + "." + k);
            }
            ++index;
        }
    }

    std::string string(const toml::node& n, const std::string& key) {
        if (auto v = n.value<std::string>()) return *v;
        fail(n, key, "must be a string");
    }
    // An array of non-empty strings.
    std::vector<std::string> strings(const toml::node& n, const std::string& key) {
        const toml::array* array = n.as_array();
        if (!array) fail(n, key, "must be an array of strings, e.g. [\"alice\"]");
        std::vector<std::string> out;
        for (const toml::node& element : *array) {
            auto v = element.value<std::string>();
            if (!v || v->empty()) fail(element, key, "must be an array of non-empty strings");
            out.push_back(*v);
        }
        return out;
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
    static const std::set<std::string> sections{"server", "store", "caldav", "log", "remote", "bridge"};
    for (const auto& [key, value] : root)
        if (!sections.count(std::string(key.str())))
            r.fail(value, std::string(key.str()), "unknown section (known: server, store, caldav, log, remote, bridge)");
}

void read_remotes(const toml::table& root, Reader& r, GatewayConfig& c) {
    std::vector<const toml::node*> at;
    r.table_array(root, "remote",
                  {"name", "kind", "url", "autodiscover_email", "auth", "user", "secret_file", "secret_env",
                   "insecure_tls", "ca_file", "proxy", "timeout_seconds"},
                  [&](std::size_t, const std::string& k, const toml::node& v, const std::string& key) {
                      if (k.empty()) {
                          c.remotes.emplace_back();
                          at.push_back(&v);
                          return;
                      }
                      RemoteSection& remote = c.remotes.back();
                      if (k == "name") remote.name = r.string(v, key);
                      else if (k == "kind") {
                          remote.kind = r.string(v, key);
                          if (remote.kind != "ews") r.fail(v, key, "must be \"ews\" (Exchange Web Services)");
                      } else if (k == "url") {
                          remote.url = r.string(v, key);
                          if (remote.url.rfind("https://", 0) != 0 && remote.url.rfind("http://", 0) != 0)
                              r.fail(v, key, "must be an http:// or https:// URL");
                      } else if (k == "autodiscover_email") {
                          remote.autodiscover_email = r.string(v, key);
                          if (remote.autodiscover_email.find('@') == std::string::npos)
                              r.fail(v, key, "must be an e-mail address");
                      } else if (k == "auth") {
                          remote.auth = r.string(v, key);
                          static const std::set<std::string> methods{"basic", "ntlm", "negotiate", "bearer"};
                          if (!methods.count(remote.auth)) r.fail(v, key, "must be one of basic, ntlm, negotiate, bearer");
                      } else if (k == "user") remote.user = r.string(v, key);
                      else if (k == "secret_file") remote.secret_file = r.string(v, key);
                      else if (k == "secret_env") remote.secret_env = r.string(v, key);
                      else if (k == "insecure_tls") remote.insecure_tls = r.boolean(v, key);
                      else if (k == "ca_file") remote.ca_file = r.string(v, key);
                      else if (k == "proxy") remote.proxy = r.string(v, key);
                      else if (k == "timeout_seconds") remote.timeout = std::chrono::seconds(r.integer(v, key, 1, 3600));
                  });
    std::set<std::string> names;
    for (std::size_t i = 0; i < c.remotes.size(); ++i) {
        const RemoteSection& remote = c.remotes[i];
        const std::string key = "remote[" + std::to_string(i) + "]";
        auto fail = [&](const std::string& what) { r.fail(*at[i], key, what); };
        if (remote.name.empty()) fail("name is required");
        if (!names.insert(remote.name).second) fail("name \"" + remote.name + "\" is used by another [[remote]]");
        if (remote.url.empty() == remote.autodiscover_email.empty())
            fail("set exactly one of url and autodiscover_email");
        if (remote.auth.empty()) fail("auth is required (basic, ntlm, negotiate or bearer)");
        if (remote.auth != "bearer" && remote.user.empty()) fail("user is required with auth = \"" + remote.auth + "\"");
        if (remote.secret_file && !remote.secret_env.empty()) fail("set secret_file or secret_env, not both");
        // Negotiate may use the Kerberos credentials of the process; the others need a secret.
        if (remote.auth != "negotiate" && !remote.secret_file && remote.secret_env.empty())
            fail("set secret_file or secret_env (the secret itself never goes into this file)");
    }
}

void read_bridges(const toml::table& root, Reader& r, GatewayConfig& c) {
    std::vector<const toml::node*> at;
    r.table_array(root, "bridge", {"name", "calendar", "remote", "folder", "interval_seconds", "policy"},
                  [&](std::size_t, const std::string& k, const toml::node& v, const std::string& key) {
                      if (k.empty()) {
                          c.bridges.emplace_back();
                          at.push_back(&v);
                          return;
                      }
                      BridgeSection& bridge = c.bridges.back();
                      if (k == "name") bridge.name = r.string(v, key);
                      else if (k == "calendar") {
                          bridge.calendar = r.string(v, key);
                          if (bridge.calendar.empty() || bridge.calendar.front() != '/')
                              r.fail(v, key, "must be the calendar's path, e.g. \"/dav/calendars/alice/calendar/\"");
                          if (bridge.calendar.back() != '/') bridge.calendar += '/';
                      } else if (k == "remote") bridge.remote = r.string(v, key);
                      else if (k == "folder") {
                          bridge.folder = r.string(v, key);
                          auto folder = parse_remote_folder(bridge.folder);
                          if (!folder)
                              r.fail(v, key, "must be \"calendar\", \"calendar/<name>\" or \"shared:<mailbox>/calendar\"");
                          bridge.remote_folder = *folder;
                      } else if (k == "interval_seconds") bridge.interval = std::chrono::seconds(r.integer(v, key, 10, 86400));
                      else if (k == "policy") {
                          bridge.policy = r.string(v, key);
                          if (bridge.policy != "merge" && bridge.policy != "remote-wins" && bridge.policy != "local-wins")
                              r.fail(v, key, "must be \"merge\", \"remote-wins\" or \"local-wins\"");
                      }
                  });
    std::set<std::string> names, calendars;
    for (std::size_t i = 0; i < c.bridges.size(); ++i) {
        BridgeSection& bridge = c.bridges[i];
        const std::string key = "bridge[" + std::to_string(i) + "]";
        auto fail = [&](const std::string& what) { r.fail(*at[i], key, what); };
        if (bridge.calendar.empty()) fail("calendar is required");
        if (bridge.remote.empty()) fail("remote is required");
        if (!c.remote(bridge.remote)) fail("remote \"" + bridge.remote + "\" is not a [[remote]] name");
        if (bridge.name.empty()) bridge.name = bridge.calendar;
        if (!names.insert(bridge.name).second) fail("name \"" + bridge.name + "\" is used by another [[bridge]]");
        // Two bridges writing one calendar would echo each other's writes to both remotes.
        if (!calendars.insert(bridge.calendar).second) fail("calendar " + bridge.calendar + " has another [[bridge]]");
    }
}

GatewayConfig read(const toml::table& root, const std::string& source) {
    Reader r(source);
    check_top_level(root, r);
    GatewayConfig c;
    r.section(root, "server",
              {"bind", "port", "threads", "max_request_bytes", "request_timeout_seconds",
               "idle_timeout_seconds", "max_connections", "tls_cert", "tls_key", "tls", "allow_insecure", "admins"},
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
                  else if (k == "tls") {
                      c.server.tls = r.string(v, key);
                      if (c.server.tls != "self-signed")
                          r.fail(v, key, "must be \"self-signed\" (or absent: tls_cert and tls_key, when set)");
                  } else if (k == "allow_insecure") c.server.allow_insecure = r.boolean(v, key);
                  else if (k == "admins") c.server.admins = r.strings(v, key);
              });
    if (c.server.tls_cert.has_value() != c.server.tls_key.has_value())
        throw ConfigError(source + ": server.tls_cert and server.tls_key go together: set both or neither");
    if (!c.server.tls.empty() && c.server.tls_cert)
        throw ConfigError(source + ": server.tls = \"self-signed\" makes its own certificate beside the store: "
                                   "remove tls_cert and tls_key, or remove tls to serve with them");
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
    read_remotes(root, r, c);
    read_bridges(root, r, c);
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

const RemoteSection* GatewayConfig::remote(std::string_view name) const {
    for (const RemoteSection& r : remotes)
        if (r.name == name) return &r;
    return nullptr;
}

std::optional<RemoteFolder> parse_remote_folder(std::string_view folder) {
    RemoteFolder out;
    std::string_view rest = folder;
    if (rest.rfind("shared:", 0) == 0) {
        rest.remove_prefix(7);
        const auto slash = rest.find('/');
        out.mailbox = std::string(rest.substr(0, slash));
        if (out.mailbox.find('@') == std::string::npos) return std::nullopt;
        rest = slash == std::string_view::npos ? std::string_view("calendar") : rest.substr(slash + 1);
    }
    if (rest.empty()) return std::nullopt;
    if (rest == "calendar") return out;
    if (rest.rfind("calendar/", 0) == 0) rest.remove_prefix(9);
    if (rest.empty() || rest.front() == '/' || rest.back() == '/') return std::nullopt;
    out.subfolder = std::string(rest);
    return out;
}

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
    for (RemoteSection& remote : c.remotes) {
        if (remote.secret_file) resolve(*remote.secret_file);
        if (remote.ca_file) resolve(*remote.ca_file);
    }
    return c;
}

}  // namespace calbridge::config
