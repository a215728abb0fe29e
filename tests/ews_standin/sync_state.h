#pragma once
// SyncFolderItems' SyncState: opaque base64 to the client (MS-OXWSSYNC 2.2.4.x), here the
// folder, the server's sync epoch (bumped to invalidate every state) and the generation the
// client has seen. A state for another folder, an older epoch or garbage is refused with
// ErrorInvalidSyncStateData, as Exchange refuses a state it cannot use.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace calbridge::ews_standin {

struct SyncState {
    std::int64_t folder = 0;
    std::uint64_t epoch = 0;
    std::uint64_t generation = 0;
};

std::string encode_sync_state(const SyncState& state);
std::optional<SyncState> decode_sync_state(std::string_view text);

}  // namespace calbridge::ews_standin
