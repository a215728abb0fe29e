#include "gateway/store/collection_writes.h"

#include "gateway/store/change_log.h"
#include "gateway/store/object_writes.h"
#include "gateway/store/paths.h"
#include "gateway/store/rows.h"

namespace calbridge::store {

using caldav::WriteResult;
using caldav::WriteStatus;

void set_dead_properties(Connection& c, std::string_view owner_column, std::int64_t owner_id,
                         std::span<const caldav::DeadProperty> properties) {
    const std::string owner(owner_column);
    for (const auto& prop : properties) {
        c.query("DELETE FROM dead_properties WHERE " + owner + " = ?1 AND ns = ?2 AND name = ?3")
            .bind_all(owner_id, prop.ns, prop.name)
            .run();
        c.query("INSERT INTO dead_properties (" + owner + ", ns, name, xml) VALUES (?1, ?2, ?3, ?4)")
            .bind_all(owner_id, prop.ns, prop.name, prop.xml)
            .run();
    }
}

namespace {

// Dead properties belong to a collection or to an object: owner_column names which.
void apply_dead_properties(Connection& c, std::string_view owner_column, std::int64_t owner_id,
                           const caldav::PropertyPatch& patch) {
    const std::string owner(owner_column);
    // The PropertyPatch keeps sets and removes apart: sets are applied first, then removes.
    set_dead_properties(c, owner_column, owner_id, patch.set);
    for (const auto& [ns, name] : patch.remove) {
        // RFC 4918 14.23: removing a property that does not exist is not an error.
        c.query("DELETE FROM dead_properties WHERE " + owner + " = ?1 AND ns = ?2 AND name = ?3")
            .bind_all(owner_id, ns, name)
            .run();
    }
}

}  // namespace

WriteResult create_collection(Connection& c, std::string_view path, std::string_view owner,
                              caldav::CollectionKind kind, const caldav::CollectionPatch& props,
                              std::span<const caldav::DeadProperty> dead) {
    if (!is_collection_path(path) || path == "/" || path.front() != '/') return {WriteStatus::not_allowed, {}, {}};
    if (find_collection(c, path) || find_object(c, path.substr(0, path.size() - 1)))
        return {WriteStatus::already_exists, {}, {}};
    const std::string parent = parent_path(path);
    std::optional<std::int64_t> parent_id;
    if (parent != "/") {
        const auto parent_collection = find_collection(c, parent);
        if (!parent_collection) return {WriteStatus::parent_missing, {}, {}};
        // RFC 4791 4.2: a calendar collection holds calendar object resources, no collections.
        if (parent_collection->kind == caldav::CollectionKind::calendar) return {WriteStatus::not_allowed, {}, {}};
        parent_id = parent_collection->id;
    }

    const std::int64_t now = unix_now();
    std::optional<std::int32_t> order;
    if (props.order) order = *props.order;
    Query insert = c.query(
        "INSERT INTO collections (path, parent_id, owner, kind, display_name, description, color, cal_order, "
        "timezone, components, sync_seq, sync_floor, created_at, modified_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0, 0, ?11, ?11) RETURNING id");
    insert.bind(1, path);
    if (parent_id) insert.bind(2, *parent_id); else insert.bind(2, std::nullopt);
    insert.bind(3, owner).bind(4, kind == caldav::CollectionKind::calendar ? 1 : 0);
    insert.bind(5, props.display_name.value_or("")).bind(6, props.description.value_or(""));
    insert.bind(7, props.color.value_or("")).bind(8, order).bind(9, props.timezone.value_or(""));
    insert.bind(10, join_components(props.components.value_or(std::vector<std::string>{}))).bind(11, now);
    if (!insert.next()) throw StoreError("store: inserting collection " + std::string(path) + " returned no id");
    const std::int64_t id = insert.int64(0);
    insert.run();
    set_dead_properties(c, "collection_id", id, dead);

    restart_log(c, id, now);
    if (parent_id) log_change(c, *parent_id, path, false, now);
    return {WriteStatus::created, {}, {}};
}

WriteResult patch_properties(Connection& c, std::string_view path, const caldav::PropertyPatch& patch) {
    const std::int64_t now = unix_now();
    if (!is_collection_path(path)) {
        const auto object = find_object(c, path);
        if (!object) return {WriteStatus::not_found, {}, {}};
        apply_dead_properties(c, "object_id", object->id, patch);
        // The entity (and so its etag) is unchanged. RFC 6578 3.5.1 requires reporting a member
        // only when its etag changed; reporting it for a property change too is allowed and lets
        // a syncing client refresh the properties it shows.
        log_change(c, object->collection_id, path, false, now);
        return {WriteStatus::replaced, {}, {}};
    }

    const auto collection = find_collection(c, path);
    if (!collection) return {WriteStatus::not_found, {}, {}};
    const caldav::CollectionPatch& p = patch.collection;
    // RFC 4791 5.2.3: supported-calendar-component-set is fixed at creation.
    if (p.components) return {WriteStatus::not_allowed, {}, {}};
    caldav::CalendarProps props = collection->props;
    if (p.display_name) props.display_name = *p.display_name;
    if (p.description) props.description = *p.description;
    if (p.color) props.color = *p.color;
    if (p.timezone) props.timezone = *p.timezone;
    if (p.order) props.order = *p.order;
    c.query("UPDATE collections SET display_name = ?2, description = ?3, color = ?4, cal_order = ?5, timezone = ?6 "
            "WHERE id = ?1")
        .bind_all(collection->id, props.display_name, props.description, props.color, props.order, props.timezone)
        .run();
    apply_dead_properties(c, "collection_id", collection->id, patch);
    // getctag and the sync token of the collection change; its parent lists it as changed.
    bump_sync_seq(c, collection->id, now);
    if (const auto parent_id = parent_collection_id(c, path)) log_change(c, *parent_id, path, false, now);
    return {WriteStatus::replaced, {}, {}};
}

}  // namespace calbridge::store
