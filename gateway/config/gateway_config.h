#pragma once
// calbridge's configuration file (TOML, read with toml++). Every key is documented in README.md
// ("Configuration"); a key this code does not know is an error, so a typo never goes unnoticed.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

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
    // "self-signed": `serve` makes a certificate and key beside the store on first run (kept for
    // later runs) and serves HTTPS with them; for testing. Empty: tls_cert/tls_key, if set.
    std::string tls;
    // true: a non-loopback bind without TLS starts anyway (behind a TLS-terminating proxy on a
    // trusted network); otherwise `serve` refuses it (bind_policy.h).
    bool allow_insecure = false;
    // Users who see every user's calendars, sources and conflicts on the status page (/status/);
    // everybody else sees their own.
    std::vector<std::string> admins;
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

// A remote calendar server ([[remote]], issue 5 item 5). The secret (password, or the bearer
// token) is never in the file: it is read from secret_file or the environment variable
// secret_env when the remote is used (remote_secret.h), and never logged.
struct RemoteSection {
    std::string name;                       // what [[bridge]] remote = "..." refers to
    std::string kind = "ews";               // "ews" (Exchange Server 2016/2019/SE); Graph later
    std::string url;                        // the EWS endpoint, e.g. https://mail.example.org/EWS/Exchange.asmx
    std::string autodiscover_email;         // instead of url: found by Autodiscover from this address
    std::string auth;                       // "basic", "ntlm", "negotiate" or "bearer"
    std::string user;                       // "DOMAIN\\user" or user@domain; empty for bearer
    std::optional<std::filesystem::path> secret_file;  // the password or token, first line
    std::string secret_env;                 // or the name of an environment variable holding it
    bool insecure_tls = false;              // true: no certificate verification (tests only)
    std::optional<std::filesystem::path> ca_file;      // extra CA bundle (PEM) for the server
    std::string proxy;                      // e.g. http://proxy.example.org:3128; empty: none
    std::chrono::seconds timeout{60};       // per request
};

// Which remote folder a bridge syncs, from `folder`: "calendar" (the user's own calendar),
// "calendar/<name>" or "<name>" (a sub-calendar of it), "shared:<mailbox>" or
// "shared:<mailbox>/calendar" (another mailbox's calendar shared with the user).
struct RemoteFolder {
    std::string mailbox;    // empty: the user's own mailbox
    std::string subfolder;  // empty: the calendar itself; else a calendar below it
    friend bool operator==(const RemoteFolder&, const RemoteFolder&) = default;
};

// A pair of a local calendar and a remote folder ([[bridge]]).
struct BridgeSection {
    std::string name;                       // the pair's name in the store; default: the calendar path
    std::string calendar;                   // local calendar collection, e.g. "/dav/calendars/alice/calendar/"
    std::string remote;                     // a [[remote]] name
    std::string folder = "calendar";        // as written; parsed into remote_folder
    RemoteFolder remote_folder;
    std::chrono::seconds interval{300};     // between cycles in `calbridge serve`
    std::string policy = "merge";           // "merge", "remote-wins" or "local-wins"
};

struct GatewayConfig {
    ServerSection server;
    StoreSection store;
    CaldavSection caldav;
    LogSection log;
    std::vector<RemoteSection> remotes;
    std::vector<BridgeSection> bridges;

    const RemoteSection* remote(std::string_view name) const;
};

// "calendar", "calendar/Team", "Team", "shared:bob@example.org/calendar" (see RemoteFolder);
// nullopt when the text is none of them.
std::optional<RemoteFolder> parse_remote_folder(std::string_view folder);

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
