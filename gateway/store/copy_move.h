#pragma once
// RFC 4918 9.8 COPY and 9.9 MOVE of an object or a whole collection tree, inside a write
// transaction (see object_writes.h for the success/rollback convention).
#include <string_view>

#include "caldav/store/store.h"
#include "gateway/store/sqlite_handle.h"

namespace calbridge::store {

enum class Transfer { copy, move };

// Copies get new etags (a new resource); moves keep them (the same entity under a new URL;
// RFC 4918 leaves it open). A moved or copied collection starts a fresh change log, so sync
// tokens from before the move are refused and the client re-syncs the new URL.
caldav::WriteResult transfer(Connection& c, std::string_view from, std::string_view to, bool overwrite, Transfer how);

}  // namespace calbridge::store
