#include "gateway/cli/calendar_lookup.h"

namespace calbridge::cli {

std::vector<caldav::Collection> calendars_of(store::SqliteStore& db, const std::string& user) {
    std::vector<caldav::Collection> out;
    for (caldav::Collection& c : db.child_collections(store::SqliteStore::home_path(user)))
        if (c.kind == caldav::CollectionKind::calendar) out.push_back(std::move(c));
    return out;
}

std::optional<caldav::Collection> find_calendar(store::SqliteStore& db, const std::string& user,
                                                const std::string& wanted) {
    const std::string home = store::SqliteStore::home_path(user);
    if (!wanted.empty() && wanted.front() == '/') {
        std::string path = wanted.back() == '/' ? wanted : wanted + "/";
        if (path.rfind(home, 0) != 0) return std::nullopt;  // only the user's own calendars
        auto c = db.collection(path);
        if (c && c->kind == caldav::CollectionKind::calendar) return c;
        return std::nullopt;
    }
    const std::vector<caldav::Collection> calendars = calendars_of(db, user);
    for (const caldav::Collection& c : calendars)
        if (c.path == home + wanted + "/") return c;
    for (const caldav::Collection& c : calendars)
        if (c.props.display_name == wanted) return c;
    return std::nullopt;
}

std::string calendar_list(store::SqliteStore& db, const std::string& user) {
    std::string names;
    for (const caldav::Collection& c : calendars_of(db, user)) names += "\n  " + c.path;
    return names.empty() ? std::string(" none") : names;
}

}  // namespace calbridge::cli
