#include "gateway/cli/status_command.h"

#include <spdlog/spdlog.h>

#include <cstdio>

#include "gateway/cli/exit_codes.h"
#include "gateway/cli/report_format.h"

namespace calbridge::cli {

namespace {

bool in_scope(const std::string& path, const std::vector<std::string>& homes) {
    for (const std::string& home : homes)
        if (path.rfind(home, 0) == 0) return true;
    return false;
}

}  // namespace

int run_status(const GlobalOptions& global, const StatusOptions& opt) {
    OpenedStore opened = open_store(global);
    if (!opened.store) return kExitCannotOpen;
    store::SqliteStore& db = *opened.store;

    std::vector<std::string> users;
    if (!opt.user.empty()) {
        if (!db.principal(opt.user)) {
            spdlog::error("no user {}", opt.user);
            return kExitUsage;
        }
        users.push_back(opt.user);
    } else {
        for (const caldav::Principal& p : db.list_users()) users.push_back(p.user);
    }
    std::vector<std::string> homes;
    for (const std::string& u : users) homes.push_back(store::SqliteStore::home_path(u));

    const std::string integrity = db.integrity_check();
    std::printf("Store: %s\nIntegrity: %s\n", db.file().c_str(), integrity.c_str());

    std::printf("\nCalendars:\n");
    std::size_t calendars = 0;
    for (const std::string& home : homes) {
        for (const caldav::Collection& c : db.child_collections(home)) {
            if (c.kind != caldav::CollectionKind::calendar) continue;
            ++calendars;
            std::printf("  %-50s %6zu objects  \"%s\"\n", c.path.c_str(), db.objects(c.id).size(),
                        c.props.display_name.c_str());
        }
    }
    if (calendars == 0) std::printf("  none\n");

    std::printf("\nImport sources:\n");
    std::size_t sources = 0;
    for (const store::ImportSource& s : db.import_sources()) {
        if (!in_scope(s.collection_path, homes)) continue;
        ++sources;
        std::printf("  %s: %s -> %s\n    last import %s: %lld created, %lld updated, %lld unchanged, %lld removed, "
                    "%lld conflicts\n",
                    s.source_file.c_str(), s.folder_path.c_str(), s.collection_path.c_str(),
                    format_utc(s.last_import_at).c_str(), static_cast<long long>(s.counts.created),
                    static_cast<long long>(s.counts.updated), static_cast<long long>(s.counts.unchanged),
                    static_cast<long long>(s.counts.removed), static_cast<long long>(s.counts.conflicts));
    }
    if (sources == 0) std::printf("  none\n");

    std::printf("\nBridges with Exchange:\n");
    std::size_t bridges = 0;
    for (const store::BridgePair& p : db.bridge_pairs()) {
        if (!in_scope(p.collection_path, homes)) continue;
        ++bridges;
        const std::size_t pending = db.pending_bridge_links(p.id).size();
        std::printf("  %s: %s <-> %s\n    %zu items linked, %zu to push, last cycle %s%s\n", p.name.c_str(),
                    p.collection_path.c_str(), p.remote.c_str(), db.bridge_links(p.id).size(), pending,
                    p.last_sync_at ? format_utc(p.last_sync_at).c_str() : "never",
                    p.full_listing ? " (listing every remote item)" : "");
        if (const auto o = db.bridge_outcome(p.id)) {
            std::printf("    last cycle %s: local +%lld ~%lld -%lld, remote +%lld ~%lld -%lld, %lld conflicts, %lld errors\n",
                        o->complete ? "complete" : "INCOMPLETE", static_cast<long long>(o->local_created),
                        static_cast<long long>(o->local_updated), static_cast<long long>(o->local_deleted),
                        static_cast<long long>(o->remote_created), static_cast<long long>(o->remote_updated),
                        static_cast<long long>(o->remote_deleted), static_cast<long long>(o->conflicts),
                        static_cast<long long>(o->errors));
            if (!o->error.empty()) std::printf("    last error: %s\n", o->error.c_str());
        }
    }
    if (bridges == 0) std::printf("  none\n");

    std::printf("\nOpen conflicts:\n");
    std::size_t conflicts = 0;
    for (const store::Conflict& c : db.open_conflicts()) {
        if (!in_scope(c.collection_path, homes)) continue;
        if (conflicts++ == 0)
            std::printf("  %-5s %-22s %-36s %-40s %s\n", "ID", "WHEN", "KIND", "CALENDAR", "UID");
        std::printf("  %-5lld %-22s %-36s %-40s %s\n", static_cast<long long>(c.id), format_utc(c.created_at).c_str(),
                    c.kind.c_str(), c.collection_path.c_str(), c.uid.c_str());
    }
    if (conflicts == 0) std::printf("  none\n");
    else
        std::printf("  (the clients' versions were kept; each conflict holds the version from the source)\n");

    if (integrity != "ok") {
        spdlog::error("the store {} fails its integrity check", db.file());
        return kExitCannotOpen;
    }
    return kExitOk;
}

}  // namespace calbridge::cli
