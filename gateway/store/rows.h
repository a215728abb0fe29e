#pragma once
// Reading contract values out of result rows, and looking rows up by path or id. Every query that
// returns a Collection or ObjectInfo selects kCollectionColumns / kObjectColumns first.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "caldav/store/store.h"
#include "gateway/store/sqlite_handle.h"

namespace calbridge::store {

// Columns of collections AS c, read by read_collection (14 columns). The last is
// Collection::read_only: a pair bridges the collection to a remote folder the account may only
// read (schema v7, index bridge_pairs_read_only).
inline constexpr std::string_view kCollectionColumns =
    "c.id, c.path, c.owner, c.kind, c.display_name, c.description, c.color, c.cal_order, c.timezone, "
    "c.components, c.sync_seq, c.created_at, c.modified_at, "
    "EXISTS (SELECT 1 FROM bridge_pairs AS bp WHERE bp.collection_id = c.id AND bp.remote_read_only <> 0)";
inline constexpr int kCollectionColumnCount = 14;

// Columns of objects AS o, read by read_object_info (9 columns).
inline constexpr std::string_view kObjectColumns =
    "o.id, o.collection_id, o.path, o.etag, o.content_type, o.size, o.uid, o.created_at, o.modified_at";
inline constexpr int kObjectColumnCount = 9;

// The holder of a UID in a collection (RFC 4791 5.3.2.1 no-uid-conflict). "uid <> ''" lets
// SQLite use the partial unique index objects_unique_uid; without it, it walks the collection.
inline constexpr const char* kPathByUidSql =
    "SELECT path FROM objects WHERE collection_id = ?1 AND uid = ?2 AND uid <> ''";

caldav::Collection read_collection(const Query& q, int first_column = 0);
caldav::ObjectInfo read_object_info(const Query& q, int first_column = 0);

std::optional<caldav::Collection> find_collection(Connection& c, std::string_view path);
std::optional<caldav::Collection> find_collection_by_id(Connection& c, std::int64_t id);
std::optional<caldav::ObjectInfo> find_object(Connection& c, std::string_view path);
std::optional<caldav::Object> find_object_with_data(Connection& c, std::string_view path);

// "VEVENT,VTODO" <-> {"VEVENT", "VTODO"}
std::string join_components(const std::vector<std::string>& components);
std::vector<std::string> split_components(std::string_view joined);

std::int64_t unix_now();

}  // namespace calbridge::store
