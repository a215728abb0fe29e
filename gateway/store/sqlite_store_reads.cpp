// SqliteStore: reading the tree (caldav::Store "reading the tree"). Each read is one statement
// on a pooled read-only connection, or one read transaction where it takes several.
#include <algorithm>

#include "gateway/store/paths.h"
#include "gateway/store/rows.h"
#include "gateway/store/sqlite_store.h"

namespace calbridge::store {

std::optional<caldav::Principal> SqliteStore::principal(std::string_view user) {
    auto c = pool_.reader();
    Query q = c->query("SELECT name, display_name, email FROM principals WHERE name = ?1");
    q.bind(1, user);
    if (!q.next()) return std::nullopt;
    return caldav::Principal{q.text(0), q.text(1), q.text(2)};
}

std::optional<caldav::Collection> SqliteStore::collection(std::string_view path) {
    auto c = pool_.reader();
    return find_collection(*c, path);
}

std::optional<caldav::ObjectInfo> SqliteStore::object_info(std::string_view path) {
    auto c = pool_.reader();
    return find_object(*c, path);
}

std::optional<caldav::Object> SqliteStore::object(std::string_view path) {
    auto c = pool_.reader();
    return find_object_with_data(*c, path);
}

std::vector<caldav::Collection> SqliteStore::child_collections(std::string_view path) {
    auto c = pool_.reader();
    std::vector<caldav::Collection> children;
    static const std::string top_level =
        "SELECT " + std::string(kCollectionColumns) + " FROM collections AS c WHERE c.parent_id IS NULL ORDER BY c.path";
    static const std::string below = "SELECT " + std::string(kCollectionColumns) +
                                     " FROM collections AS c WHERE c.parent_id = "
                                     "(SELECT id FROM collections WHERE path = ?1) ORDER BY c.path";
    Query q = c->query(path == "/" ? top_level : below);
    if (path != "/") q.bind(1, path);
    while (q.next()) children.push_back(read_collection(q));
    return children;
}

void SqliteStore::visit_objects(std::int64_t collection_id, const std::function<void(caldav::ObjectInfo&)>& visit) {
    auto c = pool_.reader();
    static const std::string sql =
        "SELECT " + std::string(kObjectColumns) + " FROM objects AS o WHERE o.collection_id = ?1 ORDER BY o.path";
    Query q = c->query(sql);   // one statement: one snapshot
    q.bind(1, collection_id);
    while (q.next()) {
        caldav::ObjectInfo info = read_object_info(q);
        visit(info);
    }
}

std::vector<caldav::Object> SqliteStore::objects_with_data(std::int64_t collection_id) {
    auto c = pool_.reader();
    static const std::string sql = "SELECT " + std::string(kObjectColumns) +
                                   ", d.data FROM objects AS o JOIN object_data AS d ON d.object_id = o.id "
                                   "WHERE o.collection_id = ?1 ORDER BY o.path";
    Query q = c->query(sql);
    q.bind(1, collection_id);
    std::vector<caldav::Object> found;
    while (q.next()) found.push_back({read_object_info(q), q.blob(kObjectColumnCount)});
    return found;
}

std::vector<caldav::Object> SqliteStore::objects_by_path(std::span<const std::string> paths) {
    auto c = pool_.reader();
    std::vector<caldav::Object> found;
    c->exec("BEGIN");  // one snapshot for the whole multiget
    for (const auto& path : paths)
        if (auto object = find_object_with_data(*c, path)) found.push_back(std::move(*object));
    c->exec("COMMIT");
    return found;
}

std::vector<caldav::RangeMatch> SqliteStore::objects_in_range(std::int64_t collection_id, std::int64_t start,
                                                              std::int64_t end) {
    // The R*Tree narrows by (collection, rounded bounds); the int64 columns decide exactly by
    // RFC 4791 9.9: span.start < end AND (span.end > start OR (span.start == span.end AND
    // span.start >= start)). MIN(open) = 1 when every matching span of the object is open, i.e.
    // it matched only through "may have more instances here" (needs_expansion).
    // The R*Tree's outward rounding keeps it a superset for |t| < 2^53 seconds.
    // The spans are grouped by object id first and the bodies joined afterwards: grouping or
    // sorting rows that carry the bodies made the query three times slower (measured at
    // 20,000 events). The path order is restored here.
    static const std::string sql =
        "SELECT " + std::string(kObjectColumns) +
        ", d.data, m.all_open FROM ("
        "  SELECT s.object_id AS id, MIN(s.open) AS all_open FROM span_index AS r JOIN spans AS s ON s.id = r.id"
        "  WHERE r.collection_lo <= ?1 AND r.collection_hi >= ?1 AND r.start_lo <= ?3 AND r.end_hi >= ?2"
        "  AND s.collection_id = ?1 AND s.span_start < ?3"
        "  AND (s.span_end > ?2 OR (s.span_start = s.span_end AND s.span_start >= ?2))"
        "  GROUP BY s.object_id) AS m "
        "JOIN objects AS o ON o.id = m.id JOIN object_data AS d ON d.object_id = o.id";
    auto c = pool_.reader();
    Query q = c->query(sql);
    q.bind_all(collection_id, start, end);
    std::vector<caldav::RangeMatch> matches;
    while (q.next())
        matches.push_back({{read_object_info(q), q.blob(kObjectColumnCount)}, q.int64(kObjectColumnCount + 1) == 1});
    std::sort(matches.begin(), matches.end(),
              [](const caldav::RangeMatch& a, const caldav::RangeMatch& b) { return a.object.info.path < b.object.info.path; });
    return matches;
}

std::optional<caldav::ObjectInfo> SqliteStore::object_by_uid(std::int64_t collection_id, std::string_view uid) {
    if (uid.empty()) return std::nullopt;  // only non-empty UIDs are unique (and indexed)
    auto c = pool_.reader();
    static const std::string sql =
        "SELECT " + std::string(kObjectColumns) + " FROM objects AS o WHERE o.collection_id = ?1 AND o.uid = ?2 AND o.uid <> ''";  // see kPathByUidSql
    Query q = c->query(sql);
    q.bind_all(collection_id, uid);
    if (!q.next()) return std::nullopt;
    return read_object_info(q);
}

std::vector<caldav::DeadProperty> SqliteStore::dead_properties(std::string_view path) {
    auto c = pool_.reader();
    Query q = c->query(is_collection_path(path)
                           ? "SELECT p.ns, p.name, p.xml FROM dead_properties AS p JOIN collections AS c "
                             "ON p.collection_id = c.id WHERE c.path = ?1 ORDER BY p.id"
                           : "SELECT p.ns, p.name, p.xml FROM dead_properties AS p JOIN objects AS o "
                             "ON p.object_id = o.id WHERE o.path = ?1 ORDER BY p.id");
    q.bind(1, path);
    std::vector<caldav::DeadProperty> properties;
    while (q.next()) properties.push_back({q.text(0), q.text(1), q.text(2)});
    return properties;
}

}  // namespace calbridge::store
