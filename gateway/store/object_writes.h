#pragma once
// Writes of single objects and removal of objects or collection trees, inside a write
// transaction (callers use ConnectionPool::write). A returned status other than created /
// replaced / deleted means "roll back": nothing of a failed write may remain.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "caldav/store/store.h"
#include "gateway/store/sqlite_handle.h"

namespace calbridge::store {

bool is_success(caldav::WriteStatus status);

// RFC 9110 13.1.1 If-Match / 13.1.2 If-None-Match: *, for a target that exists (with current_etag,
// or without an etag for a collection: only If-Match: * can match it) or does not.
bool precondition_holds(bool exists, const std::string* current_etag, const caldav::Precondition& pre);

caldav::WriteResult write_object(Connection& c, const caldav::ObjectWrite& write, const caldav::Precondition& pre);
caldav::WriteResult remove_path(Connection& c, std::string_view path, const caldav::Precondition& pre);

void insert_spans(Connection& c, std::int64_t object_id, std::int64_t collection_id,
                  std::span<const caldav::TimeSpan> spans);

// Delete with a tombstone in the containing collection's log.
void delete_object(Connection& c, const caldav::ObjectInfo& object, std::int64_t now);
void delete_collection_tree(Connection& c, const caldav::Collection& collection, std::int64_t now);

// The id of the collection that contains path, nullopt for children of "/" (top level).
std::optional<std::int64_t> parent_collection_id(Connection& c, std::string_view path);

}  // namespace calbridge::store
