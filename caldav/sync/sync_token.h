#pragma once
// Sync tokens (RFC 6578 3.2: a URI) and the collection entity tag derived from the same
// position: "http://calbridge.invalid/sync/<collection id>/<seq>" (url-layout). seq is the
// Store's change-log position (Collection::sync_seq), so a token changes exactly when a member or
// a property of the collection changes — the same rule CS:getctag follows.
//
// An initial sync cut short by DAV:limit (RFC 6578 3.6) hands out a continuation token,
// ".../<id>/<seq>/after/<hex of a member name>": the listing goes on with the members after that
// one, and its last page answers the plain token of <seq>, the position the listing started at
// (changes made while it was paged are reported by the next incremental sync).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "caldav/store/store.h"

namespace calbridge::caldav {

inline constexpr std::string_view kSyncTokenPrefix = "http://calbridge.invalid/sync/";

std::string sync_token(const Collection& collection);
// The token of the change-log position seq of the collection.
std::string sync_token(std::int64_t collection_id, std::int64_t seq);
// The continuation of an initial sync that started at seq and listed members up to and including
// last_member (a member name, the last path segment; collections with their '/').
std::string initial_sync_continuation(std::int64_t collection_id, std::int64_t seq, std::string_view last_member);

struct SyncPosition {
    std::int64_t seq = 0;
    // A continued initial sync: the name of the last member already listed.
    std::optional<std::string> listed_up_to;
};

// The position of a token minted for this collection; nullopt for a token of another collection
// or server, or one that is not ours at all (-> 403 DAV:valid-sync-token, RFC 6578 3.2).
std::optional<SyncPosition> parse_sync_token(std::string_view token, std::int64_t collection_id);

// Strong entity tag (unquoted) of the whole-collection representation (GET of a calendar
// collection, .ics subscriptions): changes with every change of the collection.
std::string collection_etag(const Collection& collection);

}  // namespace calbridge::caldav
