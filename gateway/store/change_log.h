#pragma once
// Revisions, etags and the RFC 6578 change log, used inside a write transaction.
//
// One counter (meta.revision) hands out every position: each change-log entry gets its own value
// (so paging by DAV:limit never splits one position), and a written object's etag is
// "<store epoch>-<revision in hex>". ETags are therefore strong and change on every write, even
// when the same bytes are put again (RFC 9110 8.8.3: a PUT makes a new representation; the
// importer must simply not rewrite unchanged items), and stay stable otherwise, move included.
#include <cstdint>
#include <string>
#include <string_view>

#include "gateway/store/sqlite_handle.h"

namespace calbridge::store {

std::int64_t next_revision(Connection& c);
std::string etag_for_revision(Connection& c, std::int64_t revision);

// Records that member_path of the collection changed (or was deleted: a tombstone), as the
// newest entry of the collection's log, and moves its sync_seq (getctag) there. Returns the seq.
std::int64_t log_change(Connection& c, std::int64_t collection_id, std::string_view member_path, bool deleted,
                        std::int64_t now);

// Moves a collection's sync_seq without a member entry (its own properties changed: getctag and
// the sync token change, a sync reports no member).
void bump_sync_seq(Connection& c, std::int64_t collection_id, std::int64_t now);

// Starts a collection's log afresh: no entries, and both sync_seq and the floor at a new
// revision, so tokens from before are refused (a created or moved collection).
void restart_log(Connection& c, std::int64_t collection_id, std::int64_t now);

}  // namespace calbridge::store
