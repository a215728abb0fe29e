#include "gateway/store/change_log.h"

#include <cstdio>

namespace calbridge::store {

std::int64_t next_revision(Connection& c) {
    Query q = c.query("UPDATE meta SET value = value + 1 WHERE key = 'revision' RETURNING value");
    if (!q.next()) throw StoreError("store: meta.revision is missing; the store file is damaged");
    return q.int64(0);
}

std::string etag_for_revision(Connection& c, std::int64_t revision) {
    Query q = c.query("SELECT value FROM meta WHERE key = 'epoch'");
    if (!q.next()) throw StoreError("store: meta.epoch is missing; the store file is damaged");
    char hex[24];
    std::snprintf(hex, sizeof hex, "%llx", static_cast<unsigned long long>(revision));
    return q.text(0) + "-" + hex;
}

std::int64_t log_change(Connection& c, std::int64_t collection_id, std::string_view member_path, bool deleted,
                        std::int64_t now) {
    const std::int64_t seq = next_revision(c);
    c.query("INSERT INTO changes (collection_id, path, seq, deleted, changed_at) VALUES (?1, ?2, ?3, ?4, ?5) "
            "ON CONFLICT (collection_id, path) DO UPDATE SET seq = excluded.seq, deleted = excluded.deleted, "
            "changed_at = excluded.changed_at")
        .bind_all(collection_id, member_path, seq, deleted, now)
        .run();
    c.query("UPDATE collections SET sync_seq = ?2, modified_at = ?3 WHERE id = ?1").bind_all(collection_id, seq, now).run();
    return seq;
}

void bump_sync_seq(Connection& c, std::int64_t collection_id, std::int64_t now) {
    const std::int64_t seq = next_revision(c);
    c.query("UPDATE collections SET sync_seq = ?2, modified_at = ?3 WHERE id = ?1").bind_all(collection_id, seq, now).run();
}

void restart_log(Connection& c, std::int64_t collection_id, std::int64_t now) {
    const std::int64_t seq = next_revision(c);
    c.query("DELETE FROM changes WHERE collection_id = ?1").bind_all(collection_id).run();
    c.query("UPDATE collections SET sync_seq = ?2, sync_floor = ?2, modified_at = ?3 WHERE id = ?1")
        .bind_all(collection_id, seq, now)
        .run();
}

}  // namespace calbridge::store
