#include "ews_standin/sync_state.h"

#include "gateway/auth/base64.h"

#include <cstdio>

namespace calbridge::ews_standin {

std::string encode_sync_state(const SyncState& s) {
    return auth::base64_encode("calbridge-standin/sync/" + std::to_string(s.folder) + "/" + std::to_string(s.epoch) + "/" +
                               std::to_string(s.generation));
}

std::optional<SyncState> decode_sync_state(std::string_view text) {
    auto raw = auth::base64_decode(text);
    if (!raw) return std::nullopt;
    SyncState s;
    long long folder = 0;
    unsigned long long epoch = 0, generation = 0;
    int consumed = 0;
    if (std::sscanf(raw->c_str(), "calbridge-standin/sync/%lld/%llu/%llu%n", &folder, &epoch, &generation, &consumed) != 3 ||
        static_cast<std::size_t>(consumed) != raw->size())
        return std::nullopt;
    s.folder = folder;
    s.epoch = epoch;
    s.generation = generation;
    return s;
}

}  // namespace calbridge::ews_standin
