// SqliteStore: the bridge engine's pairs and links (issue 5 item 3). Objects written by the
// engine go through write_object / remove_path, the same code as a CalDAV PUT / DELETE, so their
// time-range spans, change-log entries and etags are exactly those of a client's write.
#include "gateway/store/conflict_rows.h"
#include "gateway/store/paths.h"
#include "gateway/store/rows.h"
#include "gateway/store/write_transaction.h"

namespace calbridge::store {

namespace {

constexpr std::string_view kPairColumns =
    "p.id, p.name, p.collection_id, c.path, p.remote, p.remote_state, p.full_listing, p.listing_round, "
    "p.local_seq, p.last_sync_at, p.remote_read_only";

BridgePair read_pair(const Query& q) {
    BridgePair p;
    p.id = q.int64(0);
    p.name = q.text(1);
    p.collection_id = q.int64(2);
    p.collection_path = q.text(3);
    p.remote = q.text(4);
    p.remote_state = q.text(5);
    p.full_listing = q.int64(6) != 0;
    p.listing_round = q.int64(7);
    p.local_seq = q.int64(8);
    p.last_sync_at = q.int64(9);
    p.remote_read_only = q.int64(10) != 0;
    return p;
}

std::optional<BridgePair> pair_by_name(Connection& c, std::string_view name) {
    static const std::string sql = "SELECT " + std::string(kPairColumns) +
                                   " FROM bridge_pairs AS p JOIN collections AS c ON c.id = p.collection_id "
                                   "WHERE p.name = ?1";
    Query q = c.query(sql);
    q.bind(1, name);
    if (!q.next()) return std::nullopt;
    return read_pair(q);
}

constexpr std::string_view kLinkColumns =
    "uid, local_path, local_etag, remote_id, remote_version, base, seen_round";

BridgeLink read_link(const Query& q) {
    return {q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), q.blob(5), q.int64(6)};
}

std::vector<BridgeLink> links_where(Connection& c, std::string_view condition, std::int64_t pair_id,
                                   std::string_view key) {
    const std::string sql =
        "SELECT " + std::string(kLinkColumns) + " FROM bridge_links WHERE pair_id = ?1" + std::string(condition);
    Query q = c.query(sql);
    q.bind(1, pair_id);
    if (!key.empty() || condition.find("?2") != std::string_view::npos) q.bind(2, key);
    std::vector<BridgeLink> links;
    while (q.next()) links.push_back(read_link(q));
    return links;
}

std::optional<BridgeLink> one(std::vector<BridgeLink> links) {
    if (links.empty()) return std::nullopt;
    return std::move(links.front());
}

void upsert_link(Connection& c, std::int64_t pair_id, const BridgeLink& link) {
    // The remote id is unique per pair: a link of another UID with it is stale (the remote
    // item's UID changed).
    c.query("DELETE FROM bridge_links WHERE pair_id = ?1 AND remote_id = ?2 AND uid <> ?3")
        .bind_all(pair_id, link.remote_id, link.uid)
        .run();
    Query q = c.query(
        "INSERT INTO bridge_links (pair_id, uid, local_path, local_etag, remote_id, remote_version, base, seen_round) "
        "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, CASE WHEN ?8 THEN 0 ELSE listing_round END FROM bridge_pairs WHERE id = ?1 "
        "ON CONFLICT (pair_id, uid) DO UPDATE SET local_path = excluded.local_path, local_etag = excluded.local_etag, "
        "remote_id = excluded.remote_id, remote_version = excluded.remote_version, base = excluded.base, "
        "seen_round = excluded.seen_round");
    q.bind_all(pair_id, link.uid, link.local_path, link.local_etag, link.remote_id, link.remote_version);
    q.bind_blob(7, link.base);
    // seen_round 0: made by our create and not yet seen in a listing (unconfirmed_bridge_links).
    q.bind(8, link.seen_round == BridgeLink::kUnconfirmed);
    q.run();
    if (q.changes() != 1) throw StoreError("store: no bridge pair " + std::to_string(pair_id) + " for link " + link.uid);
    c.query("DELETE FROM bridge_create_intents WHERE pair_id = ?1 AND uid = ?2").bind_all(pair_id, link.uid).run();
    c.query("DELETE FROM bridge_sent_updates WHERE pair_id = ?1 AND uid = ?2").bind_all(pair_id, link.uid).run();
}

}  // namespace

BridgePair SqliteStore::bridge_pair(std::string_view name, std::string_view collection_path, std::string_view remote) {
    return pool_.write([&](Connection& c) {
        const auto collection = find_collection(c, collection_path);
        if (!collection)
            throw StoreError("store: bridge " + std::string(name) + ": no calendar at " + std::string(collection_path));
        // The read-only flag of another pair on this calendar (renamed in the configuration, or
        // removed from it) would keep the calendar read-only with nothing left to clear it: the
        // pair in use now is the one whose cycles learn the remote's rights.
        const auto forget_other_pairs_rights = [&] {
            c.query("UPDATE bridge_pairs SET remote_read_only = 0 WHERE collection_id = ?1 AND name <> ?2 "
                    "AND remote_read_only <> 0")
                .bind_all(collection->id, name)
                .run();
        };
        if (auto existing = pair_by_name(c, name)) {
            if (existing->collection_id != collection->id)
                throw StoreError("store: bridge " + std::string(name) + " syncs " + existing->collection_path +
                                 ", not " + std::string(collection_path) + "; give the new pair another name");
            if (existing->remote != remote)
                c.query("UPDATE bridge_pairs SET remote = ?2 WHERE id = ?1").bind_all(existing->id, remote).run();
            existing->remote = std::string(remote);
            forget_other_pairs_rights();
            return std::pair{*existing, true};
        }
        c.query("INSERT INTO bridge_pairs (name, collection_id, remote, created_at) VALUES (?1, ?2, ?3, ?4)")
            .bind_all(name, collection->id, remote, unix_now())
            .run();
        forget_other_pairs_rights();
        auto made = pair_by_name(c, name);
        if (!made) throw StoreError("store: bridge pair " + std::string(name) + " missing right after its insert");
        return std::pair{*made, true};
    });
}

std::optional<BridgePair> SqliteStore::find_bridge_pair(std::string_view name) {
    auto c = pool_.reader();
    return pair_by_name(*c, name);
}

std::vector<BridgePair> SqliteStore::bridge_pairs() {
    auto c = pool_.reader();
    Query q = c->query("SELECT " + std::string(kPairColumns) +
                       " FROM bridge_pairs AS p JOIN collections AS c ON c.id = p.collection_id ORDER BY p.name");
    std::vector<BridgePair> out;
    while (q.next()) out.push_back(read_pair(q));
    return out;
}

std::vector<BridgeLink> SqliteStore::bridge_links(std::int64_t pair_id) {
    auto c = pool_.reader();
    return links_where(*c, " ORDER BY uid", pair_id, {});
}

std::optional<BridgeLink> SqliteStore::bridge_link(std::int64_t pair_id, std::string_view uid) {
    auto c = pool_.reader();
    return one(links_where(*c, " AND uid = ?2", pair_id, uid));
}

std::optional<BridgeLink> SqliteStore::bridge_link_by_remote_id(std::int64_t pair_id, std::string_view remote_id) {
    auto c = pool_.reader();
    return one(links_where(*c, " AND remote_id = ?2", pair_id, remote_id));
}

std::optional<BridgeLink> SqliteStore::bridge_link_by_path(std::int64_t pair_id, std::string_view local_path) {
    auto c = pool_.reader();
    return one(links_where(*c, " AND local_path = ?2", pair_id, local_path));
}

std::vector<BridgeLink> SqliteStore::pending_bridge_links(std::int64_t pair_id) {
    auto c = pool_.reader();
    return links_where(*c, " AND local_etag = '' ORDER BY uid", pair_id, {});
}

std::vector<BridgeLink> SqliteStore::unseen_bridge_links(std::int64_t pair_id, std::int64_t round) {
    auto c = pool_.reader();
    return links_where(*c, " AND seen_round < " + std::to_string(round) + " ORDER BY uid", pair_id, {});
}

std::vector<BridgeLink> SqliteStore::unconfirmed_bridge_links(std::int64_t pair_id) {
    auto c = pool_.reader();
    return links_where(*c, " AND seen_round = 0 ORDER BY uid", pair_id, {});
}

caldav::WriteResult SqliteStore::bridge_apply(std::int64_t pair_id, const caldav::ObjectWrite& w,
                                              const caldav::Precondition& pre, BridgeLink link, bool push_pending,
                                              const std::optional<NewConflict>& conflict) {
    return write([&](Connection& c) {
        caldav::WriteResult result = write_object(c, w, pre);
        if (!is_success(result.status)) return result;
        link.uid = w.uid;
        link.local_path = w.path;
        link.local_etag = push_pending ? std::string() : result.etag;
        if (link.remote_id.empty())
            c.query("DELETE FROM bridge_links WHERE pair_id = ?1 AND uid = ?2").bind_all(pair_id, link.uid).run();
        else
            upsert_link(c, pair_id, link);
        if (conflict) insert_conflict(c, *conflict);
        return result;
    });
}

caldav::WriteResult SqliteStore::bridge_remove(std::int64_t pair_id, std::string_view uid, std::string_view path,
                                               const caldav::Precondition& pre,
                                               const std::optional<NewConflict>& conflict) {
    return pool_.write([&](Connection& c) {
        caldav::WriteResult result{caldav::WriteStatus::deleted, {}, {}};
        if (!path.empty() && find_object(c, path)) {
            result = remove_path(c, path, pre);
            if (!is_success(result.status)) return std::pair{result, false};
        }
        c.query("DELETE FROM bridge_links WHERE pair_id = ?1 AND uid = ?2").bind_all(pair_id, uid).run();
        if (conflict) insert_conflict(c, *conflict);
        result.status = caldav::WriteStatus::deleted;
        return std::pair{result, true};
    });
}

void SqliteStore::bridge_record_link(std::int64_t pair_id, const BridgeLink& link,
                                     const std::optional<NewConflict>& conflict) {
    pool_.write([&](Connection& c) {
        upsert_link(c, pair_id, link);
        if (conflict) insert_conflict(c, *conflict);
        return std::pair{0, true};
    });
}

void SqliteStore::bridge_intend_creates(std::int64_t pair_id,
                                        std::span<const std::pair<std::string, std::string>> uid_texts) {
    pool_.write([&](Connection& c) {
        for (const auto& [uid, text] : uid_texts) {
            Query q = c.query("INSERT OR REPLACE INTO bridge_create_intents (pair_id, uid, sent) VALUES (?1, ?2, ?3)");
            q.bind_all(pair_id, uid);
            q.bind_blob(3, text);
            q.run();
        }
        return std::pair{0, true};
    });
}

std::vector<std::pair<std::string, std::string>> SqliteStore::bridge_create_intents(std::int64_t pair_id,
                                                                                    std::span<const std::string> uids) {
    auto c = pool_.reader();
    std::vector<std::pair<std::string, std::string>> found;
    for (const std::string& uid : uids) {
        Query q = c->query("SELECT sent FROM bridge_create_intents WHERE pair_id = ?1 AND uid = ?2");
        q.bind_all(pair_id, uid);
        if (q.next()) found.emplace_back(uid, q.blob(0));
    }
    return found;
}

void SqliteStore::bridge_intend_updates(std::int64_t pair_id,
                                        std::span<const std::pair<std::string, std::string>> uid_data) {
    pool_.write([&](Connection& c) {
        for (const auto& [uid, data] : uid_data) {
            // Every text sent and not acknowledged stays known (schema v10); the same text sent
            // again becomes the newest; the oldest beyond kSentUpdatesKept are dropped. (CAST: a
            // TEXT value never equals a BLOB in SQLite, whichever way a row was written.)
            Query drop_same = c.query(
                "DELETE FROM bridge_sent_updates WHERE pair_id = ?1 AND uid = ?2 AND CAST(data AS BLOB) = ?3");
            drop_same.bind_all(pair_id, uid);
            drop_same.bind_blob(3, data);
            drop_same.run();
            Query add = c.query(
                "INSERT INTO bridge_sent_updates (pair_id, uid, seq, data) "
                "SELECT ?1, ?2, COALESCE(MAX(seq), 0) + 1, ?3 FROM bridge_sent_updates WHERE pair_id = ?1 AND uid = ?2");
            add.bind_all(pair_id, uid);
            add.bind_blob(3, data);
            add.run();
            c.query("DELETE FROM bridge_sent_updates WHERE pair_id = ?1 AND uid = ?2 AND seq <= "
                    "(SELECT MAX(seq) FROM bridge_sent_updates WHERE pair_id = ?1 AND uid = ?2) - ?3")
                .bind_all(pair_id, uid, kSentUpdatesKept)
                .run();
        }
        return std::pair{0, true};
    });
}

std::vector<std::string> SqliteStore::bridge_update_intents(std::int64_t pair_id, std::string_view uid) {
    auto c = pool_.reader();
    Query q = c->query("SELECT data FROM bridge_sent_updates WHERE pair_id = ?1 AND uid = ?2 ORDER BY seq DESC");
    q.bind_all(pair_id, uid);
    std::vector<std::string> sent;
    while (q.next()) sent.push_back(q.blob(0));
    return sent;
}

void SqliteStore::bridge_clear_create_intent(std::int64_t pair_id, std::string_view uid) {
    pool_.write([&](Connection& c) {
        c.query("DELETE FROM bridge_create_intents WHERE pair_id = ?1 AND uid = ?2").bind_all(pair_id, uid).run();
        return std::pair{0, true};
    });
}

void SqliteStore::bridge_forget_link(std::int64_t pair_id, std::string_view uid) {
    pool_.write([&](Connection& c) {
        c.query("DELETE FROM bridge_links WHERE pair_id = ?1 AND uid = ?2").bind_all(pair_id, uid).run();
        return std::pair{0, true};
    });
}

void SqliteStore::bridge_save_remote_state(std::int64_t pair_id, std::string_view state, bool full_listing,
                                           std::int64_t listing_round, std::span<const std::string> seen_remote_ids) {
    pool_.write([&](Connection& c) {
        c.query("UPDATE bridge_pairs SET remote_state = ?2, full_listing = ?3, listing_round = ?4, last_sync_at = ?5 "
                "WHERE id = ?1")
            .bind_all(pair_id, state, full_listing, listing_round, unix_now())
            .run();
        for (const std::string& id : seen_remote_ids)
            c.query("UPDATE bridge_links SET seen_round = ?3 WHERE pair_id = ?1 AND remote_id = ?2")
                .bind_all(pair_id, id, listing_round)
                .run();
        return std::pair{0, true};
    });
}

void SqliteStore::bridge_save_remote_read_only(std::int64_t pair_id, bool read_only) {
    pool_.write([&](Connection& c) {
        c.query("UPDATE bridge_pairs SET remote_read_only = ?2 WHERE id = ?1").bind_all(pair_id, read_only).run();
        return std::pair{0, true};
    });
}

void SqliteStore::bridge_save_local_position(std::int64_t pair_id, std::int64_t seq) {
    pool_.write([&](Connection& c) {
        c.query("UPDATE bridge_pairs SET local_seq = ?2, last_sync_at = ?3 WHERE id = ?1")
            .bind_all(pair_id, seq, unix_now())
            .run();
        return std::pair{0, true};
    });
}

bool SqliteStore::record_bridge_outcome(std::int64_t pair_id, const BridgeOutcome& o) {
    return pool_.write([&](Connection& c) {
        Query q = c.query(
            "INSERT INTO bridge_status (pair_id, finished_at, complete, local_created, local_updated, local_deleted, "
            "remote_created, remote_updated, remote_deleted, conflicts, errors, round_trips, error) "
            "SELECT id, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13 FROM bridge_pairs WHERE id = ?1 "
            "ON CONFLICT (pair_id) DO UPDATE SET finished_at = excluded.finished_at, complete = excluded.complete, "
            "local_created = excluded.local_created, local_updated = excluded.local_updated, "
            "local_deleted = excluded.local_deleted, remote_created = excluded.remote_created, "
            "remote_updated = excluded.remote_updated, remote_deleted = excluded.remote_deleted, "
            "conflicts = excluded.conflicts, errors = excluded.errors, round_trips = excluded.round_trips, "
            "error = excluded.error");
        q.bind_all(pair_id, o.finished_at, o.complete, o.local_created, o.local_updated, o.local_deleted,
                   o.remote_created, o.remote_updated, o.remote_deleted, o.conflicts, o.errors, o.round_trips, o.error)
            .run();
        return std::pair{q.changes() == 1, true};
    });
}

std::optional<BridgeOutcome> SqliteStore::bridge_outcome(std::int64_t pair_id) {
    auto c = pool_.reader();
    Query q = c->query(
        "SELECT finished_at, complete, local_created, local_updated, local_deleted, remote_created, remote_updated, "
        "remote_deleted, conflicts, errors, round_trips, error FROM bridge_status WHERE pair_id = ?1");
    q.bind(1, pair_id);
    if (!q.next()) return std::nullopt;
    BridgeOutcome o;
    o.finished_at = q.int64(0);
    o.complete = q.int64(1) != 0;
    o.local_created = q.int64(2);
    o.local_updated = q.int64(3);
    o.local_deleted = q.int64(4);
    o.remote_created = q.int64(5);
    o.remote_updated = q.int64(6);
    o.remote_deleted = q.int64(7);
    o.conflicts = q.int64(8);
    o.errors = q.int64(9);
    o.round_trips = q.int64(10);
    o.error = q.text(11);
    return o;
}

}  // namespace calbridge::store
