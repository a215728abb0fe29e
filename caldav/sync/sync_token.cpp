#include "caldav/sync/sync_token.h"

#include <charconv>

namespace calbridge::caldav {

std::string sync_token(const Collection& collection) {
    return std::string(kSyncTokenPrefix) + std::to_string(collection.id) + '/' + std::to_string(collection.sync_seq);
}

std::optional<std::int64_t> parse_sync_token(std::string_view token, std::int64_t collection_id) {
    if (token.substr(0, kSyncTokenPrefix.size()) != kSyncTokenPrefix) return std::nullopt;
    token.remove_prefix(kSyncTokenPrefix.size());
    const auto slash = token.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    auto number = [](std::string_view s) -> std::optional<std::int64_t> {
        std::int64_t v = 0;
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || end != s.data() + s.size() || s.empty() || v < 0) return std::nullopt;
        return v;
    };
    const auto id = number(token.substr(0, slash));
    const auto seq = number(token.substr(slash + 1));
    if (!id || !seq || *id != collection_id) return std::nullopt;
    return seq;
}

std::string collection_etag(const Collection& collection) {
    return "c" + std::to_string(collection.id) + "-" + std::to_string(collection.sync_seq);
}

}  // namespace calbridge::caldav
