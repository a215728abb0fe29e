#include "gateway/store/schema/migrations.h"

#include <spdlog/spdlog.h>

#include <array>
#include <string>

#include "gateway/store/sqlite_handle.h"

namespace calbridge::store {
namespace {

// Version 1: the tree the CalDAV engine reads and writes (caldav/store/store.h).
constexpr std::string_view kV1Core = R"sql(
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value NOT NULL
) WITHOUT ROWID;
-- revision: one counter for change-log positions and etags (each write takes fresh values);
-- epoch: random per store file, part of every etag, so a re-created store never repeats an etag.
INSERT INTO meta (key, value) VALUES ('revision', 0), ('epoch', lower(hex(randomblob(4))));

CREATE TABLE principals (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL DEFAULT '',   -- opaque here, produced by gateway/auth
    created_at    INTEGER NOT NULL,
    modified_at   INTEGER NOT NULL
);

CREATE TABLE collections (
    id           INTEGER PRIMARY KEY,
    path         TEXT NOT NULL UNIQUE,        -- decoded, ends with '/'
    parent_id    INTEGER REFERENCES collections (id) ON DELETE CASCADE,  -- NULL: child of '/'
    owner        TEXT NOT NULL,
    kind         INTEGER NOT NULL,            -- 0 plain, 1 calendar
    display_name TEXT NOT NULL DEFAULT '',
    description  TEXT NOT NULL DEFAULT '',
    color        TEXT NOT NULL DEFAULT '',
    cal_order    INTEGER,
    timezone     TEXT NOT NULL DEFAULT '',
    components   TEXT NOT NULL DEFAULT '',    -- comma-separated component names
    sync_seq     INTEGER NOT NULL,            -- newest change of this collection (getctag)
    sync_floor   INTEGER NOT NULL,            -- oldest position changes_since can answer from
    created_at   INTEGER NOT NULL,
    modified_at  INTEGER NOT NULL
);
CREATE INDEX collections_by_parent ON collections (parent_id, path);

-- Metadata only: PROPFIND Depth 1 reads these rows and never a body (DESIGN.md "Pitfalls").
CREATE TABLE objects (
    id            INTEGER PRIMARY KEY,
    collection_id INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    path          TEXT NOT NULL UNIQUE,
    uid           TEXT NOT NULL DEFAULT '',
    etag          TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    modified_at   INTEGER NOT NULL
);
CREATE INDEX objects_by_collection ON objects (collection_id, path);
-- RFC 4791 5.3.2.1 no-uid-conflict is an index look-up, not a scan (DESIGN.md "Pitfalls").
CREATE UNIQUE INDEX objects_unique_uid ON objects (collection_id, uid) WHERE uid <> '';

CREATE TABLE object_data (
    object_id INTEGER PRIMARY KEY REFERENCES objects (id) ON DELETE CASCADE,
    data      BLOB NOT NULL
);

-- Time-range index (RFC 4791 9.9): one row per TimeSpan with the exact int64 bounds, mirrored
-- into an R*Tree over (collection, start, end). The R*Tree stores 32-bit floats rounded outward,
-- so it returns a superset that the exact comparison on spans narrows down.
CREATE TABLE spans (
    id            INTEGER PRIMARY KEY,
    object_id     INTEGER NOT NULL REFERENCES objects (id) ON DELETE CASCADE,
    collection_id INTEGER NOT NULL,
    span_start    INTEGER NOT NULL,
    span_end      INTEGER NOT NULL,
    open          INTEGER NOT NULL
);
CREATE INDEX spans_by_object ON spans (object_id);
CREATE VIRTUAL TABLE span_index USING rtree (id, collection_lo, collection_hi, start_lo, end_hi);
CREATE TRIGGER spans_indexed AFTER INSERT ON spans BEGIN
    INSERT INTO span_index (id, collection_lo, collection_hi, start_lo, end_hi)
    VALUES (new.id, new.collection_id, new.collection_id, new.span_start, new.span_end);
END;
CREATE TRIGGER spans_moved AFTER UPDATE OF collection_id ON spans BEGIN
    UPDATE span_index SET collection_lo = new.collection_id, collection_hi = new.collection_id WHERE id = new.id;
END;
CREATE TRIGGER spans_unindexed AFTER DELETE ON spans BEGIN
    DELETE FROM span_index WHERE id = old.id;
END;

-- RFC 4918 dead properties of a collection or an object.
CREATE TABLE dead_properties (
    id            INTEGER PRIMARY KEY,
    collection_id INTEGER REFERENCES collections (id) ON DELETE CASCADE,
    object_id     INTEGER REFERENCES objects (id) ON DELETE CASCADE,
    ns            TEXT NOT NULL,
    name          TEXT NOT NULL,
    xml           TEXT NOT NULL,
    CHECK ((collection_id IS NULL) <> (object_id IS NULL))
);
CREATE UNIQUE INDEX dead_properties_of_collection ON dead_properties (collection_id, ns, name)
    WHERE collection_id IS NOT NULL;
CREATE UNIQUE INDEX dead_properties_of_object ON dead_properties (object_id, ns, name)
    WHERE object_id IS NOT NULL;

-- RFC 6578 change log, compacted to the latest state per member path: a change replaces the row
-- of its path with a new seq. Deleted members stay as tombstones until pruned.
CREATE TABLE changes (
    collection_id INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    path          TEXT NOT NULL,
    seq           INTEGER NOT NULL,
    deleted       INTEGER NOT NULL,
    changed_at    INTEGER NOT NULL,
    PRIMARY KEY (collection_id, path)
) WITHOUT ROWID;
-- Incremental sync reads only the entries after a position: cost follows the changes.
CREATE INDEX changes_by_seq ON changes (collection_id, seq);
)sql";

// Version 2: secret-token .ics subscriptions (issue 4 item 5). Only a SHA-256 of a token is kept.
constexpr std::string_view kV2Tokens = R"sql(
CREATE TABLE subscription_tokens (
    id            INTEGER PRIMARY KEY,
    collection_id INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    token_sha256  BLOB NOT NULL UNIQUE,
    created_at    INTEGER NOT NULL
);
CREATE INDEX subscription_tokens_by_collection ON subscription_tokens (collection_id);
)sql";

// Version 3: what `calbridge import` needs to re-import incrementally and report (issue 4 item 2).
constexpr std::string_view kV3Import = R"sql(
CREATE TABLE import_ledger (
    collection_id INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    uid           TEXT NOT NULL,
    fingerprint   TEXT NOT NULL,   -- of the source item, opaque here
    etag          TEXT NOT NULL,   -- the etag the import wrote
    imported_at   INTEGER NOT NULL,
    PRIMARY KEY (collection_id, uid)
) WITHOUT ROWID;

-- Conflicts outlive the collection they name (kept by path), so a restore stays possible.
CREATE TABLE conflicts (
    id              INTEGER PRIMARY KEY,
    collection_path TEXT NOT NULL,
    uid             TEXT NOT NULL,
    source          TEXT NOT NULL,   -- "import:<file>", later "exchange:<pair>"
    kind            TEXT NOT NULL,   -- "both-changed", "deleted-locally-changed-in-source", ...
    local_etag      TEXT NOT NULL,
    incoming_data   BLOB NOT NULL,
    created_at      INTEGER NOT NULL,
    resolved        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX conflicts_open ON conflicts (resolved, id);

CREATE TABLE import_sources (
    collection_id  INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    source_file    TEXT NOT NULL,
    folder_path    TEXT NOT NULL,
    last_import_at INTEGER NOT NULL,
    created        INTEGER NOT NULL,
    updated        INTEGER NOT NULL,
    removed        INTEGER NOT NULL,
    unchanged      INTEGER NOT NULL,
    conflicts      INTEGER NOT NULL,
    PRIMARY KEY (collection_id, source_file, folder_path)
) WITHOUT ROWID;
)sql";


// Version 4: the bridge engine (issue 5 item 3, gateway/sync): pairs of a local calendar with a
// remote folder, and per item the link local UID <-> remote id/version with the BASE version
// (the content both sides agreed on at the last sync, for the three-way merge). Bridge conflicts
// go to the conflicts table of version 3 (source "exchange:<pair>").
constexpr std::string_view kV4Bridge = R"sql(
CREATE TABLE bridge_pairs (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL UNIQUE,
    collection_id    INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    remote           TEXT NOT NULL,              -- "<remote name>:<folder>", for people and logs
    remote_state     TEXT NOT NULL DEFAULT '',   -- opaque sync state of the remote ('' = from the start)
    full_listing     INTEGER NOT NULL DEFAULT 1, -- the pages since '' list every remote item
    listing_round    INTEGER NOT NULL DEFAULT 1, -- links not seen in a full listing are gone remotely
    local_seq        INTEGER NOT NULL DEFAULT 0, -- change-log position of the collection pushed up to
    created_at       INTEGER NOT NULL,
    last_sync_at     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE bridge_links (
    pair_id        INTEGER NOT NULL REFERENCES bridge_pairs (id) ON DELETE CASCADE,
    uid            TEXT NOT NULL,
    local_path     TEXT NOT NULL,   -- where the object is (a deleted path names its link)
    local_etag     TEXT NOT NULL,   -- the etag of the engine's last write or push; '' = push pending
    remote_id      TEXT NOT NULL,
    remote_version TEXT NOT NULL,
    base           BLOB NOT NULL,   -- iCalendar both sides agreed on at the last sync
    seen_round     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (pair_id, uid)
) WITHOUT ROWID;
CREATE UNIQUE INDEX bridge_links_by_remote ON bridge_links (pair_id, remote_id);
CREATE INDEX bridge_links_by_path ON bridge_links (pair_id, local_path);

-- Creates sent to the remote whose result is not recorded yet. After a crash, these UIDs (and
-- only these) are looked up remotely before being created again: no duplicate, and no look-up
-- round trip for the creates that never happened. `sent` is the text created: the BASE of the
-- three-way merge when the item found remotely, or the local object, changed since.
CREATE TABLE bridge_create_intents (
    pair_id INTEGER NOT NULL REFERENCES bridge_pairs (id) ON DELETE CASCADE,
    uid     TEXT NOT NULL,
    sent    BLOB NOT NULL,
    PRIMARY KEY (pair_id, uid)
) WITHOUT ROWID;
)sql";

// Updates sent to the remote whose result is not recorded yet, with the content sent. After a
// crash, a remote version that already holds this content is the bridge's own write, not a
// colleague's edit: a later local edit merges against it instead of conflicting with it.
constexpr std::string_view kV5UpdateIntents = R"sql(
CREATE TABLE bridge_update_intents (
    pair_id INTEGER NOT NULL REFERENCES bridge_pairs (id) ON DELETE CASCADE,
    uid     TEXT NOT NULL,
    data    BLOB NOT NULL,   -- the iCalendar text sent
    PRIMARY KEY (pair_id, uid)
) WITHOUT ROWID;
)sql";

// Version 6: sharing (issue 6 items 1-2). A grant gives a user or a group an access level on a
// calendar (1 freebusy, 2 read, 3 read-write); it goes with its calendar (CASCADE) and follows it
// through a MOVE (the id stays). A name is a user or a group, never both (checked on writes).
constexpr std::string_view kV6Sharing = R"sql(
CREATE TABLE share_groups (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);
CREATE TABLE share_group_members (
    group_id    INTEGER NOT NULL REFERENCES share_groups (id) ON DELETE CASCADE,
    member_name TEXT NOT NULL REFERENCES principals (name) ON DELETE CASCADE,
    PRIMARY KEY (group_id, member_name)
) WITHOUT ROWID;
-- calendars_shared_with: the groups of a user, by user.
CREATE INDEX share_group_members_by_member ON share_group_members (member_name, group_id);
CREATE TABLE grants (
    collection_id INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    grantee       TEXT NOT NULL,      -- a principal name, or a share_groups name when is_group
    is_group      INTEGER NOT NULL,
    access        INTEGER NOT NULL CHECK (access BETWEEN 1 AND 3),
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (collection_id, grantee, is_group)
) WITHOUT ROWID;
-- calendars_shared_with: one index range per request.
CREATE INDEX grants_by_grantee ON grants (grantee, is_group, collection_id);
)sql";

// Version 7 (issue 6 item 4): the remote folder of a pair may only be read (EWS EffectiveRights
// without CreateContents/Modify/Delete, or a write answered ErrorAccessDenied). Its calendar is
// then read-only on CalDAV (caldav::Collection::read_only, read with every collection: the partial
// index holds only the read-only pairs, so the look-up costs next to nothing).
constexpr std::string_view kV7BridgeReadOnly = R"sql(
ALTER TABLE bridge_pairs ADD COLUMN remote_read_only INTEGER NOT NULL DEFAULT 0;
CREATE INDEX bridge_pairs_read_only ON bridge_pairs (collection_id) WHERE remote_read_only <> 0;
)sql";

// Version 8 (issue 6 item 6): the outcome of each bridge pair's last cycle, for the status page
// and `calbridge status`: when it ended, what it changed on each side, and why it stopped early.
constexpr std::string_view kV8BridgeStatus = R"sql(
CREATE TABLE bridge_status (
    pair_id        INTEGER PRIMARY KEY REFERENCES bridge_pairs (id) ON DELETE CASCADE,
    finished_at    INTEGER NOT NULL,
    complete       INTEGER NOT NULL,   -- 0: stopped early (error), the next cycle resumes
    local_created  INTEGER NOT NULL,
    local_updated  INTEGER NOT NULL,
    local_deleted  INTEGER NOT NULL,
    remote_created INTEGER NOT NULL,
    remote_updated INTEGER NOT NULL,
    remote_deleted INTEGER NOT NULL,
    conflicts      INTEGER NOT NULL,
    errors         INTEGER NOT NULL,   -- items skipped
    round_trips    INTEGER NOT NULL,
    error          TEXT NOT NULL DEFAULT ''   -- why the cycle did not run or stopped; '' = none
);
)sql";

// Version 9: the update sent before the newest one, while neither is acknowledged. A killed
// calbridge's last UpdateItem may reach Exchange after the next cycle has sent a newer one (found
// by ews-bridge-kill9): that earlier text is the bridge's own write too, not a colleague's edit.
constexpr std::string_view kV9EarlierUpdateIntent = R"sql(
ALTER TABLE bridge_update_intents ADD COLUMN earlier BLOB NOT NULL DEFAULT X'';
)sql";

// Version 10: every unacknowledged update of a bridge item, newest last (seq), up to
// kSentUpdatesKept per item (SqliteStore::bridge_intend_updates). Two were not enough: a killed
// cycle's UpdateItem can land after two later cycles each sent a newer text.
constexpr std::string_view kV10SentUpdates = R"sql(
CREATE TABLE bridge_sent_updates (
    pair_id INTEGER NOT NULL REFERENCES bridge_pairs (id) ON DELETE CASCADE,
    uid     TEXT NOT NULL,
    seq     INTEGER NOT NULL,   -- order of sending, per item
    data    BLOB NOT NULL,      -- the iCalendar text sent
    PRIMARY KEY (pair_id, uid, seq)
) WITHOUT ROWID;
INSERT INTO bridge_sent_updates (pair_id, uid, seq, data)
    SELECT pair_id, uid, 1, earlier FROM bridge_update_intents WHERE length(earlier) > 0;
INSERT INTO bridge_sent_updates (pair_id, uid, seq, data)
    SELECT pair_id, uid, 2, data FROM bridge_update_intents;
DROP TABLE bridge_update_intents;
)sql";

constexpr std::array kMigrations = {
    Migration{1, "collections, objects, time-range index, change log, principals", kV1Core},
    Migration{2, "subscription tokens", kV2Tokens},
    Migration{3, "import ledger, conflicts, import sources", kV3Import},
    Migration{4, "bridge pairs and links (remote sync)", kV4Bridge},
    Migration{5, "bridge update intents", kV5UpdateIntents},
    Migration{6, "sharing: grants, groups", kV6Sharing},
    Migration{7, "bridge read-only remote flag", kV7BridgeReadOnly},
    Migration{8, "outcome of each bridge pair's last cycle", kV8BridgeStatus},
    Migration{9, "the earlier unacknowledged update of a bridge item", kV9EarlierUpdateIntent},
    Migration{10, "every unacknowledged update of a bridge item", kV10SentUpdates},
};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

int latest_schema_version() { return kMigrations.back().to_version; }

int schema_version(Connection& connection) {
    Query q = connection.query("PRAGMA user_version");
    return q.next() ? static_cast<int>(q.int64(0)) : 0;
}

void migrate(Connection& connection, int target_version) {
    const int latest = latest_schema_version();
    if (target_version <= 0) target_version = latest;
    connection.exec("BEGIN IMMEDIATE");
    try {
        // Read inside the write transaction: two processes opening a new file migrate it once.
        const int current = schema_version(connection);
        if (current > latest)
            throw StoreError("store schema version " + std::to_string(current) +
                             " is newer than this calbridge understands (" + std::to_string(latest) +
                             "); use the calbridge version that wrote the store, or a newer one");
        for (const Migration& step : kMigrations) {
            if (step.to_version <= current || step.to_version > target_version) continue;
            // A new file gets every step: worth a debug line; upgrading an existing store is news.
            spdlog::log(current == 0 ? spdlog::level::debug : spdlog::level::info,
                        "store: migrating schema to version {}: {}", step.to_version, step.summary);
            connection.exec(std::string(step.sql));
            connection.exec("PRAGMA user_version = " + std::to_string(step.to_version));
        }
        connection.exec("COMMIT");
    } catch (...) {
        connection.rollback_noexcept();
        throw;
    }
}

}  // namespace calbridge::store
