#pragma once
// RFC 4918 9.8 COPY and 9.9 MOVE of an object or a collection (its tree, or alone for COPY
// Depth 0), inside a write transaction (see object_writes.h for the success/rollback convention).
#include "caldav/store/store.h"
#include "gateway/store/sqlite_handle.h"

namespace calbridge::store {

// Copies get new etags (a new resource); moves keep them (the same entity under a new URL;
// RFC 4918 leaves it open), except an object rewritten on its way into a calendar
// (TransferRequest::content), which gets the etag of a new write. A moved or copied collection
// starts a fresh change log, so sync tokens from before the move are refused and the client
// re-syncs the new URL.
caldav::WriteResult transfer(Connection& c, const caldav::TransferRequest& request);

}  // namespace calbridge::store
