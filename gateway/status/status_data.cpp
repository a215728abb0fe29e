#include "gateway/status/status_data.h"

#include "caldav/access/sharing.h"

namespace calbridge::status {

namespace {

constexpr std::string_view kCalendarsRoot = "/dav/calendars/";

ConflictRow make_row(store::SqliteStore& store, store::Conflict conflict) {
    ConflictRow row;
    row.owner = owner_of(conflict.collection_path);
    if (const auto collection = store.collection(conflict.collection_path))
        if (const auto info = store.object_by_uid(collection->id, conflict.uid))
            if (const auto object = store.object(info->path)) {
                row.current_path = info->path;
                row.current = event_facts(object->data);
            }
    row.other_deleted = conflict.incoming_data.empty();
    if (!row.other_deleted) row.other = event_facts(conflict.incoming_data);
    row.conflict = std::move(conflict);
    return row;
}

}  // namespace

std::string owner_of(std::string_view path) {
    if (path.substr(0, kCalendarsRoot.size()) != kCalendarsRoot) return {};
    path.remove_prefix(kCalendarsRoot.size());
    const std::size_t slash = path.find('/');
    if (slash == std::string_view::npos || slash == 0) return {};
    return std::string(path.substr(0, slash));
}

bool visible_to(std::string_view path, std::string_view user, bool admin) {
    if (admin) return true;
    return !user.empty() && owner_of(path) == user;
}

StatusData gather_status(store::SqliteStore& store, std::string_view user, bool admin) {
    StatusData d;
    d.user = user;
    d.admin = admin;
    if (admin) {
        for (const caldav::Principal& p : store.list_users()) d.users.push_back(p.user);
    } else {
        d.users.emplace_back(user);
    }
    std::vector<ShareRow> shares;
    for (const std::string& u : d.users) {
        for (const caldav::Collection& c : store.child_collections(store::SqliteStore::home_path(u))) {
            if (c.kind != caldav::CollectionKind::calendar) continue;
            CalendarRow row{u, c.path, c.props.display_name, 0, {}, {}};
            store.visit_objects(c.id, [&row](caldav::ObjectInfo&) { ++row.objects; });
            d.calendars.push_back(std::move(row));
            for (const caldav::Grant& g : store.grants_of(c.id))
                shares.push_back({c.path, g.grantee, g.group, std::string(caldav::access_name(g.access))});
        }
    }
    d.shares = std::move(shares);
    // Calendars of others shared with the user (an admin sees them among everybody's already).
    // Their object count is shown only with read access: a free/busy grant does not list members.
    if (!admin) {
        for (const caldav::SharedCalendar& s : store.calendars_shared_with(user)) {
            CalendarRow row{s.calendar.owner, s.calendar.path, s.calendar.props.display_name, 0,
                            std::string(caldav::access_name(s.access)), caldav::mount_path(user, s.calendar)};
            if (s.access >= caldav::Access::read)
                store.visit_objects(s.calendar.id, [&row](caldav::ObjectInfo&) { ++row.objects; });
            d.calendars.push_back(std::move(row));
        }
    }
    for (store::ImportSource& s : store.import_sources())
        if (visible_to(s.collection_path, user, admin)) d.imports.push_back(std::move(s));
    for (store::BridgePair& p : store.bridge_pairs()) {
        if (!visible_to(p.collection_path, user, admin)) continue;
        BridgeRow row;
        row.last_cycle = store.bridge_outcome(p.id);
        row.linked = store.bridge_links(p.id).size();
        row.to_push = store.pending_bridge_links(p.id).size();
        row.pair = std::move(p);
        d.bridges.push_back(std::move(row));
    }
    // Only the user's own (an admin: all), read with the limit in SQL: a page never loads every
    // user's conflicts, whose kept versions may be large.
    const std::string prefix = admin ? std::string() : std::string(kCalendarsRoot) + std::string(user) + "/";
    std::vector<store::Conflict> open = store.open_conflicts_under(prefix, kMaxConflictsShown + 1);
    d.more_conflicts = open.size() > kMaxConflictsShown;
    if (d.more_conflicts) open.resize(kMaxConflictsShown);
    for (store::Conflict& c : open)
        if (visible_to(c.collection_path, user, admin)) d.conflicts.push_back(make_row(store, std::move(c)));
    return d;
}

std::optional<ConflictRow> conflict_row(store::SqliteStore& store, std::int64_t id, std::string_view user, bool admin) {
    std::optional<store::Conflict> c = store.conflict(id);
    if (!c || c->resolved || !visible_to(c->collection_path, user, admin)) return std::nullopt;
    return make_row(store, std::move(*c));
}

}  // namespace calbridge::status
