#include "gateway/store/object_writes.h"

#include <algorithm>
#include <stdexcept>

#include "gateway/store/change_log.h"
#include "gateway/store/paths.h"
#include "gateway/store/rows.h"

namespace calbridge::store {

using caldav::WriteResult;
using caldav::WriteStatus;

bool is_success(WriteStatus status) {
    return status == WriteStatus::created || status == WriteStatus::replaced || status == WriteStatus::deleted;
}

bool precondition_holds(bool exists, const std::string* current_etag, const caldav::Precondition& pre) {
    if (pre.if_none_match_any && exists) return false;
    if (!pre.if_match.empty()) {
        if (!exists) return false;
        // RFC 9110 13.1.1: "*" matches any current representation, a list matches when one of its
        // tags is the current etag (strong comparison).
        const bool matched = std::any_of(pre.if_match.begin(), pre.if_match.end(), [&](const std::string& tag) {
            return tag == "*" || (current_etag && *current_etag == tag);
        });
        if (!matched) return false;
    }
    return true;
}

std::optional<std::int64_t> parent_collection_id(Connection& c, std::string_view path) {
    const std::string parent = parent_path(path);
    if (parent.empty() || parent == "/") return std::nullopt;
    Query q = c.query("SELECT id FROM collections WHERE path = ?1");
    q.bind(1, parent);
    if (!q.next()) return std::nullopt;
    return q.int64(0);
}

void insert_spans(Connection& c, std::int64_t object_id, std::int64_t collection_id,
                  std::span<const caldav::TimeSpan> spans) {
    for (const auto& span : spans) {
        // The R*Tree refuses a box with start > end; such a span is an engine bug, not input.
        if (span.start > span.end)
            throw std::invalid_argument("store: time span with start " + std::to_string(span.start) + " after end " +
                                        std::to_string(span.end));
        c.query("INSERT INTO spans (object_id, collection_id, span_start, span_end, open) VALUES (?1, ?2, ?3, ?4, ?5)")
            .bind_all(object_id, collection_id, span.start, span.end, span.open)
            .run();
    }
}

WriteResult write_object(Connection& c, const caldav::ObjectWrite& w, const caldav::Precondition& pre) {
    if (w.path.empty() || w.path.front() != '/' || is_collection_path(w.path)) return {WriteStatus::not_allowed, {}, {}};
    const auto parent = find_collection(c, parent_path(w.path));
    if (!parent) return {WriteStatus::parent_missing, {}, {}};
    // The same URL without the slash is a collection: a PUT cannot replace it (RFC 4918 9.7.2).
    if (find_collection(c, w.path + "/")) return {WriteStatus::not_allowed, {}, {}};

    const auto existing = find_object(c, w.path);
    if (!precondition_holds(existing.has_value(), existing ? &existing->etag : nullptr, pre))
        return {WriteStatus::precondition_failed, {}, {}};
    if (!w.uid.empty()) {
        // RFC 4791 5.3.2.1 CALDAV:no-uid-conflict, through the unique (collection_id, uid) index.
        Query q = c.query(kPathByUidSql);
        q.bind_all(parent->id, w.uid);
        if (q.next() && q.text(0) != w.path) return {WriteStatus::uid_conflict, {}, q.text(0)};
    }

    const std::int64_t now = unix_now();
    const std::int64_t seq = log_change(c, parent->id, w.path, false, now);
    std::string etag = etag_for_revision(c, seq);
    const auto size = static_cast<std::int64_t>(w.data.size());
    std::int64_t object_id = 0;
    if (existing) {
        object_id = existing->id;
        c.query("UPDATE objects SET uid = ?2, etag = ?3, content_type = ?4, size = ?5, modified_at = ?6 WHERE id = ?1")
            .bind_all(object_id, w.uid, etag, w.content_type, size, now)
            .run();
        c.query("UPDATE object_data SET data = ?2 WHERE object_id = ?1").bind(1, object_id).bind_blob(2, w.data).run();
        c.query("DELETE FROM spans WHERE object_id = ?1").bind(1, object_id).run();
    } else {
        Query insert = c.query(
            "INSERT INTO objects (collection_id, path, uid, etag, content_type, size, created_at, modified_at) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) RETURNING id");
        insert.bind_all(parent->id, w.path, w.uid, etag, w.content_type, size, now);
        if (!insert.next()) throw StoreError("store: inserting object " + w.path + " returned no id");
        object_id = insert.int64(0);
        insert.run();
        c.query("INSERT INTO object_data (object_id, data) VALUES (?1, ?2)").bind(1, object_id).bind_blob(2, w.data).run();
    }
    insert_spans(c, object_id, parent->id, w.spans);
    return {existing ? WriteStatus::replaced : WriteStatus::created, std::move(etag), {}};
}

void delete_object(Connection& c, const caldav::ObjectInfo& object, std::int64_t now) {
    log_change(c, object.collection_id, object.path, true, now);
    // Cascades to object_data, spans (and their R*Tree rows) and dead properties.
    c.query("DELETE FROM objects WHERE id = ?1").bind(1, object.id).run();
}

void delete_collection_tree(Connection& c, const caldav::Collection& collection, std::int64_t now) {
    if (const auto parent_id = parent_collection_id(c, collection.path))
        log_change(c, *parent_id, collection.path, true, now);
    // The collection and everything below it by path range (RFC 4918 9.6.1 DELETE Depth
    // infinity); foreign keys cascade to their objects, spans, properties, logs and tokens.
    c.query("DELETE FROM collections WHERE path >= ?1 AND path < ?2")
        .bind_all(collection.path, prefix_end(collection.path))
        .run();
}

WriteResult remove_path(Connection& c, std::string_view path, const caldav::Precondition& pre) {
    const std::int64_t now = unix_now();
    if (is_collection_path(path)) {
        const auto collection = find_collection(c, path);
        if (!collection) return {WriteStatus::not_found, {}, {}};
        if (!precondition_holds(true, nullptr, pre)) return {WriteStatus::precondition_failed, {}, {}};
        delete_collection_tree(c, *collection, now);
        return {WriteStatus::deleted, {}, {}};
    }
    const auto object = find_object(c, path);
    if (!object) return {WriteStatus::not_found, {}, {}};
    if (!precondition_holds(true, &object->etag, pre)) return {WriteStatus::precondition_failed, {}, {}};
    delete_object(c, *object, now);
    return {WriteStatus::deleted, {}, {}};
}

}  // namespace calbridge::store
