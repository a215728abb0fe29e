#include "gateway/cli/push_command.h"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <unistd.h>

#include "gateway/cli/bridge_runs.h"
#include "gateway/cli/exit_codes.h"
#include "gateway/cli/import_command.h"
#include "gateway/sync/dry_run_remote.h"

namespace calbridge::cli {

namespace fs = std::filesystem;

namespace {

// A consistent copy of the store (VACUUM INTO reads one snapshot), for --dry-run.
bool copy_store(const fs::path& from, const fs::path& to) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(from.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        spdlog::error("dry run: cannot open {}: {}", from.string(), db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return false;
    }
    sqlite3_busy_timeout(db, 10'000);
    sqlite3_stmt* stmt = nullptr;
    bool ok = sqlite3_prepare_v2(db, "VACUUM INTO ?1", -1, &stmt, nullptr) == SQLITE_OK &&
              sqlite3_bind_text(stmt, 1, to.c_str(), -1, SQLITE_TRANSIENT) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_DONE;
    if (!ok) spdlog::error("dry run: cannot copy the store to {}: {}", to.string(), sqlite3_errmsg(db));
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return ok;
}

struct TemporaryStore {
    fs::path file;
    ~TemporaryStore() {
        std::error_code ec;
        for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(file.string() + suffix, ec);
    }
};

// The [[bridge]] of the configuration for this calendar and target, or one made for the push.
config::BridgeSection push_bridge(const config::GatewayConfig& config, const std::string& calendar,
                                  const std::string& remote, const config::RemoteFolder& folder, const std::string& to) {
    for (const config::BridgeSection& b : config.bridges)
        if (b.calendar == calendar && b.remote == remote && b.remote_folder == folder) return b;
    config::BridgeSection b;
    b.name = calendar + " -> " + to;
    b.calendar = calendar;
    b.remote = remote;
    b.remote_folder = folder;
    return b;
}

void print_plan(const sync::DryRunRemote& plan, Verbosity verbosity) {
    std::map<sync::PlannedWrite::Kind, int> counts;
    for (const auto& w : plan.planned()) ++counts[w.kind];
    std::printf("dry run: would create %d, update %d, delete %d items in the remote calendar\n",
                counts[sync::PlannedWrite::Kind::create], counts[sync::PlannedWrite::Kind::update],
                counts[sync::PlannedWrite::Kind::remove]);
    const std::size_t shown = verbosity == Verbosity::Verbose ? plan.planned().size() : std::min<std::size_t>(plan.planned().size(), 20);
    for (std::size_t i = 0; i < shown; ++i) {
        const auto& w = plan.planned()[i];
        const char* verb = w.kind == sync::PlannedWrite::Kind::create   ? "create"
                           : w.kind == sync::PlannedWrite::Kind::update ? "update"
                                                                        : "delete";
        if (w.kind == sync::PlannedWrite::Kind::remove)
            std::printf("  %s remote item %s\n", verb, w.remote_id.c_str());
        else
            std::printf("  %s \"%s\" (UID %s)\n", verb, w.summary.c_str(), w.uid.c_str());
    }
    if (shown < plan.planned().size()) std::printf("  ... %zu more (-v lists all)\n", plan.planned().size() - shown);
}

}  // namespace

int run_push(const GlobalOptions& global, const PushOptions& options) {
    config::GatewayConfig config;
    try {
        config = effective_config(global);
    } catch (const config::ConfigError& e) {
        spdlog::error("{}", e.what());
        return kExitCannotOpen;
    }
    const auto colon = options.to.find(':');
    const std::string remote_name = options.to.substr(0, colon);
    const std::string folder_text = colon == std::string::npos ? "calendar" : options.to.substr(colon + 1);
    if (!config.remote(remote_name)) {
        spdlog::error("--to {}: no [[remote]] named \"{}\" in the configuration (README, \"Bridging with Exchange\")",
                      options.to, remote_name);
        return kExitUsage;
    }
    const std::optional<config::RemoteFolder> folder = config::parse_remote_folder(folder_text);
    if (!folder) {
        spdlog::error("--to {}: \"{}\" is not a remote folder (calendar, calendar/NAME, shared:MAILBOX)", options.to,
                      folder_text);
        return kExitUsage;
    }

    std::string user = options.user;
    {
        OpenedStore opened = open_store(global);
        if (!opened.store) return kExitCannotOpen;
        if (user.empty()) {
            const auto users = opened.store->list_users();
            if (users.size() != 1) {
                spdlog::error("the store has {} users: name the one whose calendar receives the folder with --user",
                              users.size());
                return kExitUsage;
            }
            user = users.front().user;
        }
    }

    GlobalOptions target = global;
    TemporaryStore copy;
    if (options.dry_run) {
        copy.file = fs::temp_directory_path() / ("calbridge-dry-run-" + std::to_string(::getpid()) + ".db");
        if (!copy_store(config.store.path, copy.file)) return kExitCannotOpen;
        target.store_path = copy.file.string();
        std::printf("dry run: importing into a copy of the store; neither the store nor %s is changed\n",
                    options.to.c_str());
    }

    ImportOptions import;
    import.input = options.input;
    import.user = user;
    import.folders = {options.folder};
    import.jobs = options.jobs;
    import.verbosity = options.verbosity;
    const int imported = run_import(target, import);
    if (imported != kExitOk && imported != kExitPartial) return imported;

    OpenedStore opened = open_store(target);
    if (!opened.store) return kExitCannotOpen;
    std::string calendar;
    std::int64_t newest = -1;
    for (const store::ImportSource& s : opened.store->import_sources())
        if (s.folder_path == options.folder && s.last_import_at >= newest &&
            s.collection_path.rfind(store::SqliteStore::home_path(user), 0) == 0) {
            newest = s.last_import_at;
            calendar = s.collection_path;
        }
    if (calendar.empty()) {
        spdlog::error("push: the import recorded no calendar for folder \"{}\"", options.folder);
        return kExitPartial;
    }
    const config::BridgeSection bridge = push_bridge(config, calendar, remote_name, *folder, options.to);
    BridgeRun run;
    if (options.dry_run) {
        std::optional<sync::DryRunRemote> plan;
        run = run_bridge(*opened.store, config, bridge, [&](sync::RemoteCalendar& real, const auto& cycle) {
            plan.emplace(real);
            cycle(*plan);
        });
        std::printf("%s\n", describe(bridge_options(bridge).name, run).c_str());
        if (plan) print_plan(*plan, options.verbosity);
    } else {
        run = run_bridge(*opened.store, config, bridge);
        std::printf("%s\n", describe(bridge_options(bridge).name, run).c_str());
    }
    std::fflush(stdout);
    if (!run.ok()) return kExitPartial;
    return imported;
}

}  // namespace calbridge::cli
