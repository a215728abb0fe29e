#include "gateway/cli/token_command.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>

#include "gateway/cli/calendar_lookup.h"
#include "gateway/cli/exit_codes.h"
#include "gateway/cli/report_format.h"

namespace calbridge::cli {

namespace {

// "/ics/<token>.ics", "http://host/ics/<token>.ics" or the bare token -> the token.
std::string token_from_argument(std::string s) {
    if (const std::size_t at = s.find("/ics/"); at != std::string::npos) s = s.substr(at + 5);
    if (s.size() > 4 && s.compare(s.size() - 4, 4, ".ics") == 0) s.resize(s.size() - 4);
    return s;
}

bool all_digits(const std::string& s) {
    return !s.empty() && s.size() <= 18 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

int run_token_issue(const GlobalOptions& global, const TokenOptions& opt) {
    OpenedStore opened = open_store(global);
    if (!opened.store) return kExitCannotOpen;
    store::SqliteStore& db = *opened.store;
    if (!db.principal(opt.user)) {
        spdlog::error("no user {} (calbridge user list shows the users)", opt.user);
        return kExitUsage;
    }
    const std::optional<caldav::Collection> calendar = find_calendar(db, opt.user, opt.calendar);
    if (!calendar) {
        std::string names;
        for (const caldav::Collection& c : calendars_of(db, opt.user)) names += "\n  " + c.path;
        spdlog::error("no calendar {} of user {}; the calendars are:{}", opt.calendar, opt.user,
                      names.empty() ? std::string(" none") : names);
        return kExitUsage;
    }
    const std::optional<store::IssuedToken> issued = db.issue_token(calendar->path);
    if (!issued) {
        spdlog::error("the calendar {} vanished while the token was issued", calendar->path);
        return kExitOutputError;
    }
    // Line 1 is the URL path alone, for scripts; the token is never shown again.
    std::printf("/ics/%s.ics\n", issued->token.c_str());
    std::printf("(token %lld for %s; shown only now; withdraw it with: calbridge token revoke %lld)\n",
                static_cast<long long>(issued->id), calendar->path.c_str(), static_cast<long long>(issued->id));
    return kExitOk;
}

int run_token_revoke(const GlobalOptions& global, const TokenOptions& opt) {
    OpenedStore opened = open_store(global);
    if (!opened.store) return kExitCannotOpen;
    store::SqliteStore& db = *opened.store;
    // By id (printed by `token issue` and `token list`): the secret never has to be typed where
    // `ps` and the shell history show it. The token or its URL is still accepted for a token
    // someone pasted, with a hint, and never echoed back, not even in part.
    std::int64_t id = 0;
    if (all_digits(opt.token)) {
        id = std::stoll(opt.token);
    } else {
        spdlog::warn("a token on the command line is visible to other users (ps) and in the shell history; "
                     "revoke by id instead (calbridge token list --user NAME shows the ids)");
        const std::string token = token_from_argument(opt.token);
        const std::optional<caldav::Collection> calendar = db.collection_for_token(token);
        if (!calendar) {
            spdlog::error("no live token matches the argument (revoked already?); calbridge token list --user NAME "
                          "shows the ids of the live ones");
            return kExitUsage;
        }
        // The store looks tokens up by digest only; the token's id is certain when its calendar
        // has a single token.
        const std::vector<store::TokenInfo> tokens = db.tokens(calendar->path);
        if (tokens.size() != 1) {
            std::string ids;
            for (const store::TokenInfo& t : tokens) ids += " " + std::to_string(t.id);
            spdlog::error("{} has {} tokens; revoke by id (calbridge token list) — ids:{}", calendar->path,
                          tokens.size(), ids);
            return kExitUsage;
        }
        id = tokens.front().id;
    }
    if (!db.revoke_token(id)) {
        spdlog::error("no token with id {}", id);
        return kExitUsage;
    }
    std::printf("Revoked token %lld\n", static_cast<long long>(id));
    return kExitOk;
}

int run_token_list(const GlobalOptions& global, const TokenOptions& opt) {
    OpenedStore opened = open_store(global);
    if (!opened.store) return kExitCannotOpen;
    store::SqliteStore& db = *opened.store;
    if (!db.principal(opt.user)) {
        spdlog::error("no user {}", opt.user);
        return kExitUsage;
    }
    std::size_t count = 0;
    for (const caldav::Collection& c : calendars_of(db, opt.user)) {
        for (const store::TokenInfo& t : db.tokens(c.path)) {
            if (count++ == 0) std::printf("%-6s %-22s %s\n", "ID", "ISSUED", "CALENDAR");
            std::printf("%-6lld %-22s %s\n", static_cast<long long>(t.id), format_utc(t.created_at).c_str(),
                        t.collection_path.c_str());
        }
    }
    if (count == 0) std::printf("No subscription tokens for %s\n", opt.user.c_str());
    return kExitOk;
}

}  // namespace calbridge::cli
