#pragma once
// MKCOL / MKCALENDAR and PROPPATCH inside a write transaction (see object_writes.h for the
// success/rollback convention).
#include <cstdint>
#include <span>
#include <string_view>

#include "caldav/store/store.h"
#include "gateway/store/sqlite_handle.h"

namespace calbridge::store {

// The collection with its initial live properties and dead properties (MKCOL, RFC 5689,
// RFC 4791 5.3.1): all of it or, on a failure status, nothing.
caldav::WriteResult create_collection(Connection& c, std::string_view path, std::string_view owner,
                                      caldav::CollectionKind kind, const caldav::CollectionPatch& props,
                                      std::span<const caldav::DeadProperty> dead = {});

// Sets (replacing same-named ones) dead properties of a collection or an object: owner_column is
// "collection_id" or "object_id".
void set_dead_properties(Connection& c, std::string_view owner_column, std::int64_t owner_id,
                         std::span<const caldav::DeadProperty> properties);

// RFC 4918 9.2: all of the patch or none (the caller rolls back on a failure status).
caldav::WriteResult patch_properties(Connection& c, std::string_view path, const caldav::PropertyPatch& patch);

}  // namespace calbridge::store
