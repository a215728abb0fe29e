#include "gateway/cli/user_command.h"

#include <spdlog/spdlog.h>

#include <cstdio>

#include "gateway/auth/password_hash.h"
#include "gateway/cli/exit_codes.h"

namespace calbridge::cli {

namespace {

// RFC 7617 2: the user-id of Basic credentials cannot contain a colon.
bool usable_in_basic_auth(const std::string& name) { return name.find(':') == std::string::npos; }

}  // namespace

int run_user_add(const GlobalOptions& global, const UserOptions& opt) {
    if (!usable_in_basic_auth(opt.name)) {
        spdlog::error("user name '{}' contains ':', which HTTP Basic authentication cannot carry (RFC 7617 2)", opt.name);
        return kExitUsage;
    }
    OpenedStore opened = open_store(global);
    if (!opened.store) return kExitCannotOpen;
    store::SqliteStore& db = *opened.store;
    if (db.principal(opt.name)) {
        spdlog::error("user {} exists already (change its password with: calbridge user passwd {})", opt.name, opt.name);
        return kExitUsage;
    }
    const std::optional<std::string> password = read_password(opt.password, opt.name);
    if (!password) return kExitUsage;
    try {
        const std::string hash = auth::hash_password(*password);
        if (!db.add_user(opt.name, opt.display_name.empty() ? opt.name : opt.display_name, opt.email, hash)) {
            spdlog::error("user {} exists already", opt.name);
            return kExitUsage;
        }
    } catch (const std::invalid_argument& e) {
        spdlog::error("{}", e.what());
        return kExitUsage;
    } catch (const std::exception& e) {
        spdlog::error("cannot add user {}: {}", opt.name, e.what());
        return kExitOutputError;
    }
    // The home has one calendar from the start (/tmp/url-layout.md), so a client that
    // subscribes before any import finds somewhere to put events.
    const std::string calendar = default_calendar_path(opt.name);
    if (!db.collection(calendar)) {
        caldav::CollectionPatch props;
        props.display_name = "Calendar";
        const caldav::WriteResult made = db.make_collection(calendar, opt.name, caldav::CollectionKind::calendar, props);
        if (made.status != caldav::WriteStatus::created) {
            spdlog::error("user {} was added, but its calendar {} could not be created", opt.name, calendar);
            return kExitOutputError;
        }
    }
    std::printf("Added user %s: principal /dav/principals/%s/, calendar home %s, calendar %s\n", opt.name.c_str(),
                opt.name.c_str(), store::SqliteStore::home_path(opt.name).c_str(), calendar.c_str());
    return kExitOk;
}

int run_user_passwd(const GlobalOptions& global, const UserOptions& opt) {
    OpenedStore opened = open_store(global);
    if (!opened.store) return kExitCannotOpen;
    if (!opened.store->principal(opt.name)) {
        spdlog::error("no user {} (calbridge user list shows the users)", opt.name);
        return kExitUsage;
    }
    const std::optional<std::string> password = read_password(opt.password, opt.name);
    if (!password) return kExitUsage;
    try {
        if (!opened.store->set_password_hash(opt.name, auth::hash_password(*password))) {
            spdlog::error("no user {}", opt.name);
            return kExitUsage;
        }
    } catch (const std::exception& e) {
        spdlog::error("cannot change the password of {}: {}", opt.name, e.what());
        return kExitOutputError;
    }
    // A running server may accept the old password until its verification cache entry expires
    // (gateway/auth: a few minutes).
    std::printf("Changed the password of %s\n", opt.name.c_str());
    return kExitOk;
}

int run_user_remove(const GlobalOptions& global, const UserOptions& opt) {
    OpenedStore opened = open_store(global);
    if (!opened.store) return kExitCannotOpen;
    try {
        if (!opened.store->remove_user(opt.name)) {
            spdlog::error("no user {}", opt.name);
            return kExitUsage;
        }
    } catch (const std::exception& e) {
        spdlog::error("cannot remove user {}: {}", opt.name, e.what());
        return kExitOutputError;
    }
    std::printf("Removed user %s and everything in %s\n", opt.name.c_str(),
                store::SqliteStore::home_path(opt.name).c_str());
    return kExitOk;
}

int run_user_list(const GlobalOptions& global) {
    OpenedStore opened = open_store(global);
    if (!opened.store) return kExitCannotOpen;
    store::SqliteStore& db = *opened.store;
    const std::vector<caldav::Principal> users = db.list_users();
    if (users.empty()) {
        std::printf("No users (add one with: calbridge user add NAME)\n");
        return kExitOk;
    }
    std::printf("%-20s %-28s %-28s %s\n", "USER", "DISPLAY NAME", "EMAIL", "CALENDARS");
    for (const caldav::Principal& p : users) {
        std::size_t calendars = 0;
        for (const caldav::Collection& c : db.child_collections(store::SqliteStore::home_path(p.user)))
            if (c.kind == caldav::CollectionKind::calendar) ++calendars;
        std::printf("%-20s %-28s %-28s %zu\n", p.user.c_str(), p.display_name.c_str(), p.email.c_str(), calendars);
    }
    return kExitOk;
}

}  // namespace calbridge::cli
