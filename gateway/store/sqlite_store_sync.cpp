// SqliteStore: RFC 6578 sync positions. A collection's log answers for positions in
// [sync_floor, sync_seq]; below the floor, tombstones may have been pruned, above sync_seq is the
// future: both are DAV:valid-sync-token errors for the engine (nullopt).
#include <map>
#include <tuple>

#include "gateway/store/rows.h"
#include "gateway/store/sqlite_store.h"

namespace calbridge::store {

std::optional<caldav::ChangeSet> SqliteStore::changes_since(std::int64_t collection_id, std::int64_t seq,
                                                            std::size_t limit) {
    auto c = pool_.reader();
    c->exec("BEGIN");  // the bounds and the entries from one snapshot
    std::int64_t current = 0, floor = 0;
    {
        Query bounds = c->query("SELECT sync_seq, sync_floor FROM collections WHERE id = ?1");
        bounds.bind(1, collection_id);
        if (!bounds.next()) {
            c->exec("COMMIT");
            return std::nullopt;
        }
        current = bounds.int64(0);
        floor = bounds.int64(1);
    }
    if (seq > current || seq < floor) {
        c->exec("COMMIT");
        return std::nullopt;
    }
    // The log holds one row per member path with its latest state, so this reads only the
    // members changed after seq, through the (collection_id, seq) index.
    Query q = c->query("SELECT path, deleted, seq FROM changes WHERE collection_id = ?1 AND seq > ?2 "
                       "ORDER BY seq LIMIT ?3");
    // One row beyond the limit tells whether more remain (RFC 6578 3.6 truncation).
    const std::int64_t fetch = limit == 0 ? -1 : static_cast<std::int64_t>(limit) + 1;
    q.bind_all(collection_id, seq, fetch);
    caldav::ChangeSet set;
    set.seq = current;
    while (q.next()) {
        if (limit != 0 && set.changes.size() == limit) {
            set.truncated = true;
            set.seq = set.changes.back().seq;
            break;
        }
        set.changes.push_back({q.text(0), q.int64(1) != 0, q.int64(2)});
    }
    c->exec("COMMIT");
    return set;
}

std::int64_t SqliteStore::prune_tombstones(const TombstonePruning& policy) {
    if (policy.max_age_seconds <= 0 && policy.keep_latest <= 0) return 0;
    return pool_.write([&](Connection& c) {
        const std::int64_t cutoff = unix_now() - policy.max_age_seconds;
        Query doomed = c.query(
            "SELECT collection_id, path, seq FROM ("
            "  SELECT collection_id, path, seq, changed_at,"
            "         ROW_NUMBER() OVER (PARTITION BY collection_id ORDER BY seq DESC) AS newer_rank"
            "  FROM changes WHERE deleted = 1) "
            "WHERE (?1 > 0 AND changed_at < ?2) OR (?3 > 0 AND newer_rank > ?3)");
        doomed.bind_all(policy.max_age_seconds, cutoff, policy.keep_latest);
        std::vector<std::tuple<std::int64_t, std::string>> rows;
        std::map<std::int64_t, std::int64_t> new_floor;  // collection -> newest pruned seq
        while (doomed.next()) {
            rows.emplace_back(doomed.int64(0), doomed.text(1));
            auto& floor = new_floor[doomed.int64(0)];
            floor = std::max(floor, doomed.int64(2));
        }
        for (const auto& [collection_id, path] : rows)
            c.query("DELETE FROM changes WHERE collection_id = ?1 AND path = ?2").bind_all(collection_id, path).run();
        for (const auto& [collection_id, floor] : new_floor)
            c.query("UPDATE collections SET sync_floor = max(sync_floor, ?2) WHERE id = ?1")
                .bind_all(collection_id, floor)
                .run();
        return std::pair{static_cast<std::int64_t>(rows.size()), true};
    });
}

}  // namespace calbridge::store
