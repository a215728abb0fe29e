#include "gateway/cli/share_command.h"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <optional>

#include "caldav/access/sharing.h"
#include "gateway/cli/calendar_lookup.h"
#include "gateway/cli/exit_codes.h"

namespace calbridge::cli {

namespace {

constexpr std::string_view kCalendarsRoot = "/dav/calendars/";

std::optional<caldav::Access> parse_access(const std::string& text) {
    if (text == "freebusy") return caldav::Access::freebusy;
    if (text == "read") return caldav::Access::read;
    if (text == "read-write") return caldav::Access::read_write;
    return std::nullopt;
}

const char* access_text(caldav::Access access) {
    switch (access) {
        case caldav::Access::freebusy: return "freebusy";
        case caldav::Access::read: return "read";
        case caldav::Access::read_write: return "read-write";
    }
    return "?";
}

// The owner of the calendar named on the command line: --user, else the user segment of a path,
// else the only user of the store. "" after an error was logged.
std::string owner_for(store::SqliteStore& db, const ShareOptions& opt) {
    std::string owner = opt.user;
    if (owner.empty() && opt.calendar.rfind(kCalendarsRoot, 0) == 0) {
        const std::string rest = opt.calendar.substr(kCalendarsRoot.size());
        owner = rest.substr(0, rest.find('/'));
    }
    if (owner.empty()) {
        const std::vector<caldav::Principal> users = db.list_users();
        if (users.size() == 1) {
            owner = users.front().user;
        } else {
            spdlog::error("which user's calendar {}? give --user OWNER, or the calendar's path "
                          "(/dav/calendars/OWNER/NAME/)",
                          opt.calendar);
            return {};
        }
    }
    if (!db.principal(owner)) {
        spdlog::error("no user {} (calbridge user list shows the users)", owner);
        return {};
    }
    return owner;
}

// The calendar named on the command line, or nullopt after an error was logged.
std::optional<caldav::Collection> calendar_for(store::SqliteStore& db, const ShareOptions& opt) {
    const std::string owner = owner_for(db, opt);
    if (owner.empty()) return std::nullopt;
    if (auto calendar = find_calendar(db, owner, opt.calendar)) return calendar;
    if (!opt.calendar.empty() && opt.calendar.front() == '/') {
        const std::string path = opt.calendar.back() == '/' ? opt.calendar : opt.calendar + "/";
        if (auto c = db.collection(path); c && c->kind != caldav::CollectionKind::calendar) {
            spdlog::error("{} is not a calendar but a plain collection; only calendars are shared", path);
            return std::nullopt;
        }
    }
    spdlog::error("no calendar {} of user {}; the calendars are:{}", opt.calendar, owner, calendar_list(db, owner));
    return std::nullopt;
}

// Where a grantee finds the calendar: their mount, or for a group the pattern of its members'.
std::string mount_for(const caldav::Collection& calendar, const std::string& grantee, bool group) {
    return caldav::mount_path(group ? "<member>" : grantee, calendar);
}

}  // namespace

int run_share(const GlobalOptions& global, const ShareOptions& opt) {
    const auto access = parse_access(opt.access);
    if (!access) {
        spdlog::error("--access {}: use freebusy, read or read-write", opt.access);
        return kExitUsage;
    }
    OpenedStore opened = open_store(global);
    if (!opened.store) return kExitCannotOpen;
    store::SqliteStore& db = *opened.store;
    const auto calendar = calendar_for(db, opt);
    if (!calendar) return kExitUsage;
    if (db.principal(opt.with) && db.is_group(opt.with)) {
        spdlog::error("{} is both a user and a group; remove the group (calbridge group remove {}) or the user",
                      opt.with, opt.with);
        return kExitUsage;
    }
    const store::ShareOutcome outcome = db.share(calendar->path, opt.with, *access);
    switch (outcome.status) {
        case store::ShareStatus::granted:
        case store::ShareStatus::updated: break;
        case store::ShareStatus::no_such_calendar:
            spdlog::error("the calendar {} vanished meanwhile", calendar->path);
            return kExitUsage;
        case store::ShareStatus::not_a_calendar:
            spdlog::error("{} is not a calendar; only calendars are shared", calendar->path);
            return kExitUsage;
        case store::ShareStatus::no_such_grantee:
            spdlog::error("no user or group {} (calbridge user list, calbridge groups)", opt.with);
            return kExitUsage;
        case store::ShareStatus::grantee_is_owner:
            spdlog::error("{} owns {}: an owner has every right on its calendars already", opt.with, calendar->path);
            return kExitUsage;
    }
    const char* kind = outcome.group ? "group " : "";
    if (outcome.status == store::ShareStatus::updated)
        std::printf("Access of %s%s to %s is now %s\n", kind, opt.with.c_str(), calendar->path.c_str(),
                    access_text(*access));
    else
        std::printf("Shared %s with %s%s (%s)\n", calendar->path.c_str(), kind, opt.with.c_str(), access_text(*access));
    std::printf("%s at %s\n", outcome.group ? "Each member sees it" : "It appears",
                mount_for(*calendar, opt.with, outcome.group).c_str());
    return kExitOk;
}

int run_unshare(const GlobalOptions& global, const ShareOptions& opt) {
    OpenedStore opened = open_store(global);
    if (!opened.store) return kExitCannotOpen;
    store::SqliteStore& db = *opened.store;
    const auto calendar = calendar_for(db, opt);
    if (!calendar) return kExitUsage;
    if (!db.unshare(calendar->path, opt.with)) {
        spdlog::error("{} has no grant on {} (calbridge shares --user {} lists them)", opt.with, calendar->path,
                      calendar->owner);
        return kExitUsage;
    }
    std::printf("Unshared %s from %s\n", calendar->path.c_str(), opt.with.c_str());
    return kExitOk;
}

int run_shares(const GlobalOptions& global, const ShareOptions& opt) {
    OpenedStore opened = open_store(global);
    if (!opened.store) return kExitCannotOpen;
    store::SqliteStore& db = *opened.store;
    if (!opt.user.empty() && !db.principal(opt.user)) {
        spdlog::error("no user {} (calbridge user list shows the users)", opt.user);
        return kExitUsage;
    }
    const auto grants = db.list_grants(opt.user.empty() ? std::nullopt : std::optional<std::string_view>(opt.user));
    if (grants.empty()) {
        std::printf("No shared calendars%s%s\n", opt.user.empty() ? "" : " of ", opt.user.c_str());
        return kExitOk;
    }
    std::printf("%-36s %-16s %-6s %-11s %s\n", "CALENDAR", "GRANTEE", "TYPE", "ACCESS", "MOUNT");
    for (const store::GrantInfo& g : grants) {
        caldav::Collection calendar;
        calendar.path = g.collection_path;
        calendar.owner = g.owner;
        std::printf("%-36s %-16s %-6s %-11s %s\n", g.collection_path.c_str(), g.grantee.c_str(),
                    g.group ? "group" : "user", access_text(g.access), mount_for(calendar, g.grantee, g.group).c_str());
    }
    return kExitOk;
}

int run_group_add(const GlobalOptions& global, const GroupOptions& opt) {
    OpenedStore opened = open_store(global);
    if (!opened.store) return kExitCannotOpen;
    const store::GroupOutcome outcome = opened.store->add_group_members(opt.name, opt.users);
    switch (outcome.status) {
        case store::GroupStatus::done: break;
        case store::GroupStatus::name_is_user:
            spdlog::error("{} is a user; a group needs a name no user has", opt.name);
            return kExitUsage;
        case store::GroupStatus::no_such_user:
            spdlog::error("no user {} (calbridge user list shows the users); nothing was changed", outcome.name);
            return kExitUsage;
        default:
            spdlog::error("group {}: not changed", opt.name);
            return kExitUsage;
    }
    std::printf("%s group %s: %zu member(s) added\n", outcome.created ? "Created" : "Updated", opt.name.c_str(),
                opt.users.size());
    return kExitOk;
}

int run_group_remove(const GlobalOptions& global, const GroupOptions& opt) {
    OpenedStore opened = open_store(global);
    if (!opened.store) return kExitCannotOpen;
    const store::GroupOutcome outcome = opened.store->remove_group_members(opt.name, opt.users);
    switch (outcome.status) {
        case store::GroupStatus::done: break;
        case store::GroupStatus::no_such_group:
            spdlog::error("no group {} (calbridge groups lists them)", opt.name);
            return kExitUsage;
        case store::GroupStatus::not_a_member:
            spdlog::error("{} is not a member of group {}; nothing was changed", outcome.name, opt.name);
            return kExitUsage;
        default:
            spdlog::error("group {}: not changed", opt.name);
            return kExitUsage;
    }
    if (outcome.removed)
        std::printf("Removed group %s and its grants\n", opt.name.c_str());
    else
        std::printf("Removed %zu member(s) from group %s\n", opt.users.size(), opt.name.c_str());
    return kExitOk;
}

int run_groups(const GlobalOptions& global) {
    OpenedStore opened = open_store(global);
    if (!opened.store) return kExitCannotOpen;
    const std::vector<store::GroupInfo> groups = opened.store->list_groups();
    if (groups.empty()) {
        std::printf("No groups\n");
        return kExitOk;
    }
    std::printf("%-20s %s\n", "GROUP", "MEMBERS");
    for (const store::GroupInfo& g : groups) {
        std::string members;
        for (const std::string& m : g.members) members += (members.empty() ? "" : " ") + m;
        std::printf("%-20s %s\n", g.name.c_str(), members.empty() ? "(none)" : members.c_str());
    }
    return kExitOk;
}

}  // namespace calbridge::cli
