// SqliteStore: sharing (issue 6 items 1-2). Grants of a calendar to a user or a group, groups
// and their members; the engine reads them through calendars_shared_with / grants_of. A name is a
// user or a group, never both: add_user refuses a group's name, add_group_members a user's.
#include <algorithm>

#include "gateway/store/rows.h"
#include "gateway/store/sqlite_store.h"

namespace calbridge::store {
namespace {

caldav::Access access_of(std::int64_t value) {
    if (value <= 1) return caldav::Access::freebusy;
    if (value == 2) return caldav::Access::read;
    return caldav::Access::read_write;
}

bool user_exists(Connection& c, std::string_view name) {
    return c.query("SELECT 1 FROM principals WHERE name = ?1").bind(1, name).next();
}

std::optional<std::int64_t> group_id(Connection& c, std::string_view name) {
    Query q = c.query("SELECT id FROM share_groups WHERE name = ?1");
    q.bind(1, name);
    if (!q.next()) return std::nullopt;
    return q.int64(0);
}

}  // namespace

std::vector<caldav::SharedCalendar> SqliteStore::calendars_shared_with(std::string_view user) {
    if (user.empty()) return {};
    auto c = pool_.reader();
    // The direct grant and the grants of the user's groups, the highest access per calendar. Two
    // index ranges (grants_by_grantee, share_group_members_by_member); the owner's own calendars
    // are left out (a group can hold the owner).
    static const std::string sql =
        "SELECT " + std::string(kCollectionColumns) +
        ", MAX(g.access) FROM grants AS g JOIN collections AS c ON c.id = g.collection_id "
        "WHERE ((g.is_group = 0 AND g.grantee = ?1) OR (g.is_group = 1 AND g.grantee IN "
        "(SELECT s.name FROM share_group_members AS m JOIN share_groups AS s ON s.id = m.group_id "
        "WHERE m.member_name = ?1))) AND c.owner <> ?1 AND c.kind = 1 "
        "GROUP BY c.id ORDER BY c.path";
    Query q = c->query(sql);
    q.bind(1, user);
    std::vector<caldav::SharedCalendar> shared;
    while (q.next()) shared.push_back({read_collection(q), access_of(q.int64(kCollectionColumnCount))});
    return shared;
}

std::vector<caldav::Grant> SqliteStore::grants_of(std::int64_t collection_id) {
    auto c = pool_.reader();
    Query q = c->query("SELECT grantee, is_group, access FROM grants WHERE collection_id = ?1 ORDER BY grantee, is_group");
    q.bind(1, collection_id);
    std::vector<caldav::Grant> grants;
    while (q.next()) grants.push_back({collection_id, q.text(0), q.int64(1) != 0, access_of(q.int64(2))});
    return grants;
}

ShareOutcome SqliteStore::share(std::string_view collection_path, std::string_view grantee, caldav::Access access) {
    return pool_.write([&](Connection& c) {
        const auto calendar = find_collection(c, collection_path);
        if (!calendar) return std::pair{ShareOutcome{ShareStatus::no_such_calendar}, false};
        if (calendar->kind != caldav::CollectionKind::calendar)
            return std::pair{ShareOutcome{ShareStatus::not_a_calendar}, false};
        if (grantee == calendar->owner) return std::pair{ShareOutcome{ShareStatus::grantee_is_owner}, false};
        const bool is_user = user_exists(c, grantee);
        const bool group = !is_user && group_id(c, grantee).has_value();
        if (!is_user && !group) return std::pair{ShareOutcome{ShareStatus::no_such_grantee}, false};
        Query existing = c.query("SELECT 1 FROM grants WHERE collection_id = ?1 AND grantee = ?2 AND is_group = ?3");
        const bool had = existing.bind_all(calendar->id, grantee, group).next();
        c.query("INSERT INTO grants (collection_id, grantee, is_group, access, created_at) VALUES (?1, ?2, ?3, ?4, ?5) "
                "ON CONFLICT (collection_id, grantee, is_group) DO UPDATE SET access = excluded.access")
            .bind_all(calendar->id, grantee, group, static_cast<std::int64_t>(access), unix_now())
            .run();
        return std::pair{ShareOutcome{had ? ShareStatus::updated : ShareStatus::granted, group}, true};
    });
}

bool SqliteStore::unshare(std::string_view collection_path, std::string_view grantee) {
    return pool_.write([&](Connection& c) {
        Query q = c.query("DELETE FROM grants WHERE grantee = ?2 AND collection_id = "
                          "(SELECT id FROM collections WHERE path = ?1)");
        q.bind_all(collection_path, grantee).run();
        return std::pair{q.changes() > 0, true};
    });
}

std::vector<GrantInfo> SqliteStore::list_grants(std::optional<std::string_view> owner) {
    auto c = pool_.reader();
    Query q = c->query("SELECT c.path, c.owner, g.grantee, g.is_group, g.access, g.created_at FROM grants AS g "
                       "JOIN collections AS c ON c.id = g.collection_id WHERE ?1 IS NULL OR c.owner = ?1 "
                       "ORDER BY c.path, g.grantee");
    if (owner)
        q.bind(1, *owner);
    else
        q.bind(1, std::nullopt);
    std::vector<GrantInfo> grants;
    while (q.next())
        grants.push_back({q.text(0), q.text(1), q.text(2), q.int64(3) != 0, access_of(q.int64(4)), q.int64(5)});
    return grants;
}

GroupOutcome SqliteStore::add_group_members(std::string_view group, std::span<const std::string> users) {
    return pool_.write([&](Connection& c) {
        if (user_exists(c, group)) return std::pair{GroupOutcome{GroupStatus::name_is_user, std::string(group)}, false};
        for (const std::string& user : users)
            if (!user_exists(c, user)) return std::pair{GroupOutcome{GroupStatus::no_such_user, user}, false};
        GroupOutcome outcome;
        auto id = group_id(c, group);
        if (!id) {
            Query q = c.query("INSERT INTO share_groups (name, created_at) VALUES (?1, ?2) RETURNING id");
            q.bind_all(group, unix_now());
            if (!q.next()) throw StoreError("store: inserting group '" + std::string(group) + "' returned no id");
            id = q.int64(0);
            q.run();
            outcome.created = true;
        }
        for (const std::string& user : users)
            c.query("INSERT OR IGNORE INTO share_group_members (group_id, member_name) VALUES (?1, ?2)")
                .bind_all(*id, user)
                .run();
        return std::pair{outcome, true};
    });
}

GroupOutcome SqliteStore::remove_group_members(std::string_view group, std::span<const std::string> users) {
    return pool_.write([&](Connection& c) {
        const auto id = group_id(c, group);
        if (!id) return std::pair{GroupOutcome{GroupStatus::no_such_group, std::string(group)}, false};
        GroupOutcome outcome;
        if (users.empty()) {
            c.query("DELETE FROM grants WHERE is_group = 1 AND grantee = ?1").bind(1, group).run();
            c.query("DELETE FROM share_groups WHERE id = ?1").bind(1, *id).run();
            outcome.removed = true;
            return std::pair{outcome, true};
        }
        for (const std::string& user : users) {
            Query q = c.query("DELETE FROM share_group_members WHERE group_id = ?1 AND member_name = ?2");
            q.bind_all(*id, user).run();
            if (q.changes() == 0) return std::pair{GroupOutcome{GroupStatus::not_a_member, user}, false};
        }
        return std::pair{outcome, true};
    });
}

std::vector<GroupInfo> SqliteStore::list_groups() {
    auto c = pool_.reader();
    Query q = c->query("SELECT s.name, m.member_name FROM share_groups AS s LEFT JOIN share_group_members AS m "
                       "ON m.group_id = s.id ORDER BY s.name, m.member_name");
    std::vector<GroupInfo> groups;
    while (q.next()) {
        std::string name = q.text(0);
        if (groups.empty() || groups.back().name != name) groups.push_back({std::move(name), {}});
        if (!q.is_null(1)) groups.back().members.push_back(q.text(1));
    }
    return groups;
}

bool SqliteStore::is_group(std::string_view name) {
    auto c = pool_.reader();
    return group_id(*c, name).has_value();
}

}  // namespace calbridge::store
