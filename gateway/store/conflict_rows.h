#pragma once
// Inserting a conflict row inside a write transaction, shared by the import and the bridge.
#include <cstdint>

#include "gateway/store/records.h"
#include "gateway/store/sqlite_handle.h"

namespace calbridge::store {

// Returns the new conflict's id.
std::int64_t insert_conflict(Connection& c, const NewConflict& conflict);

}  // namespace calbridge::store
