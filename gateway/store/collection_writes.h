#pragma once
// MKCOL / MKCALENDAR and PROPPATCH inside a write transaction (see object_writes.h for the
// success/rollback convention).
#include <string_view>

#include "caldav/store/store.h"
#include "gateway/store/sqlite_handle.h"

namespace calbridge::store {

caldav::WriteResult create_collection(Connection& c, std::string_view path, std::string_view owner,
                                      caldav::CollectionKind kind, const caldav::CollectionPatch& props);

// RFC 4918 9.2: all of the patch or none (the caller rolls back on a failure status).
caldav::WriteResult patch_properties(Connection& c, std::string_view path, const caldav::PropertyPatch& patch);

}  // namespace calbridge::store
