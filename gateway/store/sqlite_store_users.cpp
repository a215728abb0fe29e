// SqliteStore: users (principals) and their calendar homes (issue 4 item 6). The password hash
// is opaque here: gateway/auth makes and checks it; the store never logs it.
#include <stdexcept>

#include "gateway/store/collection_writes.h"
#include "gateway/store/object_writes.h"
#include "gateway/store/rows.h"
#include "gateway/store/sqlite_store.h"

namespace calbridge::store {
namespace {

constexpr std::string_view kCalendarsRoot = "/dav/calendars/";

void require_valid_user_name(std::string_view name) {
    // The name is a path segment of the principal and the home (RFC 4791 6.2.1): no separators,
    // no dot segments, no control characters.
    bool valid = !name.empty() && name != "." && name != ".." && name.size() <= 128;
    for (unsigned char ch : name)
        if (ch == '/' || ch == '\\' || ch < 0x20 || ch == 0x7f) valid = false;
    if (!valid)
        throw std::invalid_argument("store: user name '" + std::string(name) +
                                    "' is not allowed (1-128 characters, no '/', '\\', control characters, "
                                    "'.' or '..')");
}

}  // namespace

std::string SqliteStore::home_path(std::string_view user) {
    return std::string(kCalendarsRoot) + std::string(user) + "/";
}

bool SqliteStore::add_user(std::string_view name, std::string_view display_name, std::string_view email,
                           std::string_view password_hash) {
    require_valid_user_name(name);
    return pool_.write([&](Connection& c) {
        if (Query exists = c.query("SELECT 1 FROM principals WHERE name = ?1"); exists.bind(1, name).next())
            return std::pair{false, false};
        // Issue 6: a name is a user or a sharing group, never both (a grant names either).
        if (Query group = c.query("SELECT 1 FROM share_groups WHERE name = ?1"); group.bind(1, name).next())
            throw std::invalid_argument("store: '" + std::string(name) +
                                        "' is the name of a sharing group; choose another user name "
                                        "or remove the group (calbridge group remove)");
        const std::int64_t now = unix_now();
        c.query("INSERT INTO principals (name, display_name, email, password_hash, created_at, modified_at) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?5)")
            .bind_all(name, display_name, email, password_hash, now)
            .run();
        // The shared ancestors belong to no user.
        for (std::string_view ancestor : {std::string_view("/dav/"), kCalendarsRoot})
            if (!find_collection(c, ancestor)) create_collection(c, ancestor, "", caldav::CollectionKind::plain, {});
        const std::string home = home_path(name);
        if (!find_collection(c, home)) {
            caldav::CollectionPatch props;
            props.display_name = std::string(display_name);
            const auto made = create_collection(c, home, name, caldav::CollectionKind::plain, props);
            if (!is_success(made.status))
                throw StoreError("store: cannot create the calendar home " + home + " of user " + std::string(name));
        }
        return std::pair{true, true};
    });
}

bool SqliteStore::set_password_hash(std::string_view name, std::string_view password_hash) {
    return pool_.write([&](Connection& c) {
        Query q = c.query("UPDATE principals SET password_hash = ?2, modified_at = ?3 WHERE name = ?1");
        q.bind_all(name, password_hash, unix_now()).run();
        return std::pair{q.changes() == 1, true};
    });
}

bool SqliteStore::remove_user(std::string_view name) {
    return pool_.write([&](Connection& c) {
        Query q = c.query("DELETE FROM principals WHERE name = ?1");
        q.bind(1, name).run();
        if (q.changes() == 0) return std::pair{false, false};
        // Grants to the user go with it (group memberships by the foreign key).
        c.query("DELETE FROM grants WHERE is_group = 0 AND grantee = ?1").bind(1, name).run();
        if (const auto home = find_collection(c, home_path(name))) delete_collection_tree(c, *home, unix_now());
        return std::pair{true, true};
    });
}

std::optional<std::string> SqliteStore::user_password_hash(std::string_view name) {
    auto c = pool_.reader();
    Query q = c->query("SELECT password_hash FROM principals WHERE name = ?1");
    q.bind(1, name);
    if (!q.next()) return std::nullopt;
    return q.text(0);
}

std::vector<caldav::Principal> SqliteStore::list_users() {
    auto c = pool_.reader();
    Query q = c->query("SELECT name, display_name, email FROM principals ORDER BY name");
    std::vector<caldav::Principal> users;
    while (q.next()) users.push_back({q.text(0), q.text(1), q.text(2)});
    return users;
}

}  // namespace calbridge::store
