#pragma once
// Sync tokens (RFC 6578 3.2: a URI) and the collection entity tag derived from the same
// position: "http://calbridge.invalid/sync/<collection id>/<seq>" (url-layout). seq is the
// Store's change-log position (Collection::sync_seq), so a token changes exactly when a member or
// a property of the collection changes — the same rule CS:getctag follows.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "caldav/store/store.h"

namespace calbridge::caldav {

inline constexpr std::string_view kSyncTokenPrefix = "http://calbridge.invalid/sync/";

std::string sync_token(const Collection& collection);

// The seq of a token minted for this collection; nullopt for a token of another collection or
// server, or one that is not ours at all (-> 403 DAV:valid-sync-token, RFC 6578 3.2).
std::optional<std::int64_t> parse_sync_token(std::string_view token, std::int64_t collection_id);

// Strong entity tag (unquoted) of the whole-collection representation (GET of a calendar
// collection, .ics subscriptions): changes with every change of the collection.
std::string collection_etag(const Collection& collection);

}  // namespace calbridge::caldav
