#include "gateway/store/copy_move.h"

#include <unordered_map>
#include <vector>

#include "gateway/store/change_log.h"
#include "gateway/store/collection_writes.h"
#include "gateway/store/object_writes.h"
#include "gateway/store/paths.h"
#include "gateway/store/rows.h"

namespace calbridge::store {

using caldav::WriteResult;
using caldav::WriteStatus;

namespace {

WriteResult fail(WriteStatus status) { return {status, {}, {}}; }

// Overwrite: T removes the destination first (RFC 4918 9.8.4 / 9.9.3). Returns whether it existed.
bool clear_destination(Connection& c, std::string_view object_path, std::string_view collection_path,
                       std::int64_t now) {
    bool existed = false;
    if (const auto object = find_object(c, object_path)) {
        delete_object(c, *object, now);
        existed = true;
    }
    if (const auto collection = find_collection(c, collection_path)) {
        delete_collection_tree(c, *collection, now);
        existed = true;
    }
    return existed;
}

bool destination_exists(Connection& c, std::string_view object_path, std::string_view collection_path) {
    return find_object(c, object_path).has_value() || find_collection(c, collection_path).has_value();
}

// A copy of the object row, its data, spans and dead properties at path in the collection.
void copy_object_row(Connection& c, std::int64_t source_id, std::string_view path, std::int64_t collection_id,
                     std::string_view etag, std::int64_t now) {
    Query insert = c.query(
        "INSERT INTO objects (collection_id, path, uid, etag, content_type, size, created_at, modified_at) "
        "SELECT ?2, ?3, uid, ?4, content_type, size, ?5, ?5 FROM objects WHERE id = ?1 RETURNING id");
    insert.bind_all(source_id, collection_id, path, etag, now);
    if (!insert.next()) throw StoreError("store: copying object " + std::to_string(source_id) + " returned no row");
    const std::int64_t id = insert.int64(0);
    insert.run();
    c.query("INSERT INTO object_data (object_id, data) SELECT ?2, data FROM object_data WHERE object_id = ?1")
        .bind_all(source_id, id)
        .run();
    c.query("INSERT INTO spans (object_id, collection_id, span_start, span_end, open) "
            "SELECT ?2, ?3, span_start, span_end, open FROM spans WHERE object_id = ?1")
        .bind_all(source_id, id, collection_id)
        .run();
    c.query("INSERT INTO dead_properties (object_id, ns, name, xml) "
            "SELECT ?2, ns, name, xml FROM dead_properties WHERE object_id = ?1")
        .bind_all(source_id, id)
        .run();
}

// The dead properties of an object, to carry them over when it is rewritten (RFC 4918 9.8.2,
// 9.9.1: properties go along with the resource).
std::vector<caldav::DeadProperty> object_dead_properties(Connection& c, std::int64_t object_id) {
    Query q = c.query("SELECT ns, name, xml FROM dead_properties WHERE object_id = ?1 ORDER BY id");
    q.bind(1, object_id);
    std::vector<caldav::DeadProperty> properties;
    while (q.next()) properties.push_back({q.text(0), q.text(1), q.text(2)});
    return properties;
}

WriteResult transfer_object(Connection& c, const caldav::ObjectInfo& source, const caldav::TransferRequest& request) {
    const std::string_view to = request.to;
    const bool move = request.move;
    if (to.empty() || to.front() != '/' || is_collection_path(to)) return fail(WriteStatus::not_allowed);
    // RFC 4918 9.8.5 / 9.9.4: 403 when source and destination are the same resource.
    if (to == source.path) return fail(WriteStatus::not_allowed);
    const auto destination = find_collection(c, parent_path(to));
    if (!destination) return fail(WriteStatus::parent_missing);
    const std::string to_as_collection = std::string(to) + "/";
    const bool existed = destination_exists(c, to, to_as_collection);
    if (existed && !request.overwrite) return fail(WriteStatus::destination_exists);
    // Overwriting the collection that holds the source would delete the source with it.
    if (is_below(source.path, to_as_collection)) return fail(WriteStatus::not_allowed);
    const std::string& uid = request.content ? request.content->uid : source.uid;
    if (!uid.empty()) {
        // RFC 4791 5.3.2.1 applies to COPY/MOVE too: the UID must stay unique in the destination
        // (the resource being overwritten and, for a move, the source itself do not count).
        Query q = c.query(kPathByUidSql);
        q.bind_all(destination->id, uid);
        if (q.next() && q.text(0) != to && !(move && q.text(0) == source.path))
            return {WriteStatus::uid_conflict, {}, q.text(0)};
    }

    const std::int64_t now = unix_now();
    clear_destination(c, to, to_as_collection, now);
    const WriteStatus status = existed ? WriteStatus::replaced : WriteStatus::created;
    if (request.content) {
        // Rewritten on its way into a calendar: written like a PUT, its properties carried over,
        // and for a move the source removed, all in this transaction.
        const std::vector<caldav::DeadProperty> properties = object_dead_properties(c, source.id);
        if (move) delete_object(c, source, now);
        caldav::ObjectWrite content = *request.content;
        content.path = std::string(to);
        WriteResult written = write_object(c, content, {});
        if (!is_success(written.status)) return written;
        const auto stored = find_object(c, to);
        if (!stored) throw StoreError("store: object " + content.path + " missing right after its write");
        set_dead_properties(c, "object_id", stored->id, properties);
        return {status, std::move(written.etag), {}};
    }
    if (move) {
        c.query("UPDATE objects SET path = ?2, collection_id = ?3, modified_at = ?4 WHERE id = ?1")
            .bind_all(source.id, to, destination->id, now)
            .run();
        c.query("UPDATE spans SET collection_id = ?2 WHERE object_id = ?1").bind_all(source.id, destination->id).run();
        log_change(c, source.collection_id, source.path, true, now);
        log_change(c, destination->id, to, false, now);
        return {status, source.etag, {}};
    }
    const std::int64_t seq = log_change(c, destination->id, to, false, now);
    std::string etag = etag_for_revision(c, seq);
    copy_object_row(c, source.id, to, destination->id, etag, now);
    return {status, std::move(etag), {}};
}

struct TreeCollection {
    std::int64_t id;
    std::string path;
};

std::vector<TreeCollection> collections_of_tree(Connection& c, std::string_view root) {
    std::vector<TreeCollection> tree;
    Query q = c.query("SELECT id, path FROM collections WHERE path >= ?1 AND path < ?2 ORDER BY path");
    q.bind_all(root, prefix_end(root));
    while (q.next()) tree.push_back({q.int64(0), q.text(1)});
    return tree;  // parents before children: a prefix sorts first
}

// members false: the collections are copied without their objects (COPY Depth 0 passes the root
// alone as the tree).
void copy_tree(Connection& c, const std::vector<TreeCollection>& tree, std::string_view from, std::string_view to,
               std::optional<std::int64_t> destination_parent, bool members, std::int64_t now) {
    std::unordered_map<std::int64_t, std::int64_t> new_id_of;
    for (const auto& source : tree) {
        const std::string path = rebase(source.path, from, to);
        std::optional<std::int64_t> parent = destination_parent;
        if (source.path != from) parent = new_id_of.at(*parent_collection_id(c, source.path));
        Query insert = c.query(
            "INSERT INTO collections (path, parent_id, owner, kind, display_name, description, color, cal_order, "
            "timezone, components, sync_seq, sync_floor, created_at, modified_at) "
            "SELECT ?2, ?3, COALESCE((SELECT owner FROM collections WHERE id = ?5), owner), kind, display_name, "
            "description, color, cal_order, timezone, components, 0, 0, ?4, ?4 "
            "FROM collections WHERE id = ?1 RETURNING id");
        // A copy belongs to whoever owns where it lands: a grantee copying a shared calendar into
        // their home gets their own calendar, not one of the owner's inside their home (issue 6).
        insert.bind(1, source.id).bind(2, path);
        if (destination_parent) insert.bind(5, *destination_parent); else insert.bind(5, std::nullopt);
        if (parent) insert.bind(3, *parent); else insert.bind(3, std::nullopt);
        insert.bind(4, now);
        if (!insert.next()) throw StoreError("store: copying collection " + source.path + " returned no row");
        const std::int64_t id = insert.int64(0);
        insert.run();
        new_id_of[source.id] = id;
        restart_log(c, id, now);
        c.query("INSERT INTO dead_properties (collection_id, ns, name, xml) "
                "SELECT ?2, ns, name, xml FROM dead_properties WHERE collection_id = ?1")
            .bind_all(source.id, id)
            .run();
        if (!members) continue;

        std::vector<std::pair<std::int64_t, std::string>> objects;
        Query q = c.query("SELECT id, path FROM objects WHERE collection_id = ?1 ORDER BY path");
        q.bind(1, source.id);
        while (q.next()) objects.emplace_back(q.int64(0), q.text(1));
        for (const auto& [object_id, object_path] : objects) {
            const std::string new_path = rebase(object_path, from, to);
            const std::int64_t seq = log_change(c, id, new_path, false, now);
            copy_object_row(c, object_id, new_path, id, etag_for_revision(c, seq), now);
        }
    }
}

void move_tree(Connection& c, const std::vector<TreeCollection>& tree, std::string_view from, std::string_view to,
               std::optional<std::int64_t> destination_parent, std::int64_t now) {
    // Byte-wise prefix replacement (substr on a BLOB counts bytes; on TEXT it counts characters).
    const auto from_length = static_cast<std::int64_t>(from.size());
    const char* rebase_sql = "?3 || CAST(substr(CAST(path AS BLOB), ?4 + 1) AS TEXT)";
    c.query(std::string("UPDATE collections SET path = ") + rebase_sql + " WHERE path >= ?1 AND path < ?2")
        .bind_all(from, prefix_end(from), to, from_length)
        .run();
    c.query(std::string("UPDATE objects SET path = ") + rebase_sql + " WHERE path >= ?1 AND path < ?2")
        .bind_all(from, prefix_end(from), to, from_length)
        .run();
    Query reparent = c.query("UPDATE collections SET parent_id = ?2 WHERE id = ?1");
    reparent.bind(1, tree.front().id);
    if (destination_parent) reparent.bind(2, *destination_parent); else reparent.bind(2, std::nullopt);
    reparent.run();
    for (const auto& moved : tree) restart_log(c, moved.id, now);
}

WriteResult transfer_collection(Connection& c, const caldav::Collection& source,
                                const caldav::TransferRequest& request) {
    const std::string_view to = request.to;
    // A calendar's content is checked by the engine object by object: a collection has none.
    if (request.content) return fail(WriteStatus::not_allowed);
    if (!is_collection_path(to) || to == "/" || to.front() != '/') return fail(WriteStatus::not_allowed);
    // A collection cannot be copied or moved onto itself or into its own tree (RFC 4918 9.8.5).
    if (to == source.path || is_below(to, source.path)) return fail(WriteStatus::not_allowed);
    const std::string parent = parent_path(to);
    std::optional<std::int64_t> destination_parent;
    if (parent != "/") {
        const auto destination = find_collection(c, parent);
        if (!destination) return fail(WriteStatus::parent_missing);
        // RFC 4791 4.2: no collections inside a calendar collection.
        if (destination->kind == caldav::CollectionKind::calendar) return fail(WriteStatus::not_allowed);
        destination_parent = destination->id;
    }
    const std::string to_as_object(to.substr(0, to.size() - 1));
    const bool existed = destination_exists(c, to_as_object, to);
    if (existed && !request.overwrite) return fail(WriteStatus::destination_exists);
    // Overwriting an ancestor of the source would delete the source with it.
    if (is_below(source.path, to)) return fail(WriteStatus::not_allowed);

    const std::int64_t now = unix_now();
    clear_destination(c, to_as_object, to, now);
    if (request.move) {
        move_tree(c, collections_of_tree(c, source.path), source.path, to, destination_parent, now);
        if (const auto source_parent = parent_collection_id(c, source.path))
            log_change(c, *source_parent, source.path, true, now);
    } else if (request.members) {
        copy_tree(c, collections_of_tree(c, source.path), source.path, to, destination_parent, true, now);
    } else {   // RFC 4918 9.8.3 COPY Depth 0: the collection and its properties, no members
        copy_tree(c, {{source.id, source.path}}, source.path, to, destination_parent, false, now);
    }
    if (destination_parent) log_change(c, *destination_parent, to, false, now);
    return {existed ? WriteStatus::replaced : WriteStatus::created, {}, {}};
}

}  // namespace

WriteResult transfer(Connection& c, const caldav::TransferRequest& request) {
    // The source's precondition (RFC 9110 13.1 If-Match / If-None-Match: * of the COPY or MOVE)
    // is checked here, in the transaction that does the transfer, like put_object's.
    if (is_collection_path(request.from)) {
        const auto source = find_collection(c, request.from);
        if (!source) return fail(WriteStatus::not_found);
        if (!precondition_holds(true, nullptr, request.source)) return fail(WriteStatus::precondition_failed);
        return transfer_collection(c, *source, request);
    }
    const auto source = find_object(c, request.from);
    if (!source) return fail(WriteStatus::not_found);
    if (!precondition_holds(true, &source->etag, request.source)) return fail(WriteStatus::precondition_failed);
    return transfer_object(c, *source, request);
}

}  // namespace calbridge::store
