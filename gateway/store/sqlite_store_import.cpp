// SqliteStore: what `calbridge import` needs for incremental, conflict-aware re-imports (issue 4
// item 2): the ledger of what it wrote, atomic write+ledger operations, conflicts, sources.
#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include "gateway/store/conflict_rows.h"
#include "gateway/store/paths.h"
#include "gateway/store/rows.h"
#include "gateway/store/write_transaction.h"

namespace calbridge::store {

namespace {

void upsert_ledger_row(Connection& c, std::int64_t collection_id, std::string_view uid, std::string_view fingerprint,
                       std::string_view etag) {
    c.query("INSERT INTO import_ledger (collection_id, uid, fingerprint, etag, imported_at) VALUES (?1, ?2, ?3, ?4, ?5) "
            "ON CONFLICT (collection_id, uid) DO UPDATE SET fingerprint = excluded.fingerprint, "
            "etag = excluded.etag, imported_at = excluded.imported_at")
        .bind_all(collection_id, uid, fingerprint, etag, unix_now())
        .run();
}

}  // namespace

caldav::WriteResult SqliteStore::put_imported(const caldav::ObjectWrite& w, const caldav::Precondition& pre,
                                              std::string_view fingerprint) {
    if (w.uid.empty()) throw std::invalid_argument("store: put_imported of " + w.path + " without a UID");
    return write([&](Connection& c) {
        caldav::WriteResult result = write_object(c, w, pre);
        if (!is_success(result.status)) return result;
        const auto collection = find_collection(c, parent_path(w.path));
        if (!collection) throw StoreError("store: collection of " + w.path + " missing right after its write");
        upsert_ledger_row(c, collection->id, w.uid, fingerprint, result.etag);
        return result;
    });
}

caldav::WriteResult SqliteStore::adopt_imported(std::string_view path, const caldav::Precondition& pre,
                                                std::string_view fingerprint) {
    return write([&](Connection& c) -> caldav::WriteResult {
        const auto object = find_object(c, path);
        if (!object || object->uid.empty()) return {caldav::WriteStatus::not_found, {}, {}};
        if (!precondition_holds(true, &object->etag, pre)) return {caldav::WriteStatus::precondition_failed, {}, {}};
        upsert_ledger_row(c, object->collection_id, object->uid, fingerprint, object->etag);
        return {caldav::WriteStatus::replaced, object->etag, {}};
    });
}

caldav::WriteResult SqliteStore::remove_imported(std::string_view path, const caldav::Precondition& pre) {
    return write([&](Connection& c) {
        const auto object = find_object(c, path);
        caldav::WriteResult result = remove_path(c, path, pre);
        if (is_success(result.status) && object)
            c.query("DELETE FROM import_ledger WHERE collection_id = ?1 AND uid = ?2")
                .bind_all(object->collection_id, object->uid)
                .run();
        return result;
    });
}

bool SqliteStore::forget_imported(std::int64_t collection_id, std::string_view uid) {
    return pool_.write([&](Connection& c) {
        Query q = c.query("DELETE FROM import_ledger WHERE collection_id = ?1 AND uid = ?2");
        q.bind_all(collection_id, uid).run();
        return std::pair{q.changes() == 1, true};
    });
}

std::vector<LedgerEntry> SqliteStore::import_ledger(std::int64_t collection_id) {
    auto c = pool_.reader();
    Query q = c->query("SELECT uid, fingerprint, etag, imported_at FROM import_ledger WHERE collection_id = ?1 "
                       "ORDER BY uid");
    q.bind(1, collection_id);
    std::vector<LedgerEntry> entries;
    while (q.next()) entries.push_back({q.text(0), q.text(1), q.text(2), q.int64(3)});
    return entries;
}

std::int64_t SqliteStore::record_conflict(const NewConflict& conflict, std::optional<std::string> new_fingerprint) {
    return pool_.write([&](Connection& c) {
        const std::int64_t id = insert_conflict(c, conflict);
        if (new_fingerprint) {
            // An existing row keeps its etag (the version the import wrote); a new one has none.
            c.query("INSERT INTO import_ledger (collection_id, uid, fingerprint, etag, imported_at) "
                    "SELECT id, ?2, ?3, '', ?4 FROM collections WHERE path = ?1 "
                    "ON CONFLICT (collection_id, uid) DO UPDATE SET fingerprint = excluded.fingerprint")
                .bind_all(conflict.collection_path, conflict.uid, *new_fingerprint, unix_now())
                .run();
        }
        return std::pair{id, true};
    });
}

namespace {

constexpr std::string_view kConflictColumns =
    "id, collection_path, uid, source, kind, local_etag, incoming_data, created_at, resolved";

Conflict read_conflict(const Query& q) {
    Conflict conflict;
    conflict.id = q.int64(0);
    conflict.collection_path = q.text(1);
    conflict.uid = q.text(2);
    conflict.source = q.text(3);
    conflict.kind = q.text(4);
    conflict.local_etag = q.text(5);
    conflict.incoming_data = q.blob(6);
    conflict.created_at = q.int64(7);
    conflict.resolved = q.int64(8) != 0;
    return conflict;
}

}  // namespace

std::vector<Conflict> SqliteStore::open_conflicts() {
    auto c = pool_.reader();
    static const std::string sql =
        "SELECT " + std::string(kConflictColumns) + " FROM conflicts WHERE resolved = 0 ORDER BY id";
    Query q = c->query(sql);
    std::vector<Conflict> found;
    while (q.next()) found.push_back(read_conflict(q));
    return found;
}

std::vector<Conflict> SqliteStore::open_conflicts_under(std::string_view path_prefix, std::size_t limit) {
    auto c = pool_.reader();
    // substr, not LIKE: a path may hold '%' or '_'.
    static const std::string sql = "SELECT " + std::string(kConflictColumns) +
                                   " FROM conflicts WHERE resolved = 0 AND substr(collection_path, 1, length(?1)) = ?1"
                                   " ORDER BY id LIMIT ?2";
    Query q = c->query(sql);
    q.bind(1, path_prefix);
    q.bind(2, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
    std::vector<Conflict> found;
    while (q.next()) found.push_back(read_conflict(q));
    return found;
}

std::optional<Conflict> SqliteStore::conflict(std::int64_t id) {
    auto c = pool_.reader();
    static const std::string sql = "SELECT " + std::string(kConflictColumns) + " FROM conflicts WHERE id = ?1";
    Query q = c->query(sql);
    q.bind(1, id);
    if (!q.next()) return std::nullopt;
    return read_conflict(q);
}

bool SqliteStore::resolve_conflict(std::int64_t id) {
    return pool_.write([&](Connection& c) {
        Query q = c.query("UPDATE conflicts SET resolved = 1 WHERE id = ?1 AND resolved = 0");
        q.bind(1, id).run();
        return std::pair{q.changes() == 1, true};
    });
}

bool SqliteStore::record_import_source(const ImportSource& s) {
    return pool_.write([&](Connection& c) {
        Query q = c.query(
            "INSERT INTO import_sources (collection_id, source_file, folder_path, last_import_at, created, updated, "
            "removed, unchanged, conflicts) SELECT id, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9 FROM collections WHERE path = ?1 "
            "ON CONFLICT (collection_id, source_file, folder_path) DO UPDATE SET last_import_at = excluded.last_import_at, "
            "created = excluded.created, updated = excluded.updated, removed = excluded.removed, "
            "unchanged = excluded.unchanged, conflicts = excluded.conflicts");
        q.bind_all(s.collection_path, s.source_file, s.folder_path, s.last_import_at, s.counts.created,
                   s.counts.updated, s.counts.removed, s.counts.unchanged, s.counts.conflicts)
            .run();
        return std::pair{q.changes() == 1, true};
    });
}

std::vector<ImportSource> SqliteStore::import_sources() {
    auto c = pool_.reader();
    Query q = c->query(
        "SELECT c.path, s.source_file, s.folder_path, s.last_import_at, s.created, s.updated, s.removed, "
        "s.unchanged, s.conflicts FROM import_sources AS s JOIN collections AS c ON c.id = s.collection_id "
        "ORDER BY c.path, s.source_file, s.folder_path");
    std::vector<ImportSource> sources;
    while (q.next())
        sources.push_back({q.text(0), q.text(1), q.text(2), q.int64(3),
                           {q.int64(4), q.int64(5), q.int64(6), q.int64(7), q.int64(8)}});
    return sources;
}

}  // namespace calbridge::store
