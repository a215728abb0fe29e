#include "caldav/sync/sync_token.h"

#include <charconv>

#include "caldav/hex.h"

namespace calbridge::caldav {

namespace {

constexpr std::string_view kAfter = "/after/";

std::optional<std::int64_t> number(std::string_view s) {
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || s.empty() || v < 0) return std::nullopt;
    return v;
}

}  // namespace

std::string sync_token(std::int64_t collection_id, std::int64_t seq) {
    return std::string(kSyncTokenPrefix) + std::to_string(collection_id) + '/' + std::to_string(seq);
}

std::string sync_token(const Collection& collection) { return sync_token(collection.id, collection.sync_seq); }

std::string initial_sync_continuation(std::int64_t collection_id, std::int64_t seq, std::string_view last_member) {
    // Member names may hold any byte but '/' (and NUL); hex keeps the token a plain URI.
    return sync_token(collection_id, seq) + std::string(kAfter) + hex_encode(last_member);
}

std::optional<SyncPosition> parse_sync_token(std::string_view token, std::int64_t collection_id) {
    if (token.substr(0, kSyncTokenPrefix.size()) != kSyncTokenPrefix) return std::nullopt;
    token.remove_prefix(kSyncTokenPrefix.size());
    const auto slash = token.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    const auto id = number(token.substr(0, slash));
    std::string_view rest = token.substr(slash + 1);
    SyncPosition position;
    if (const auto after = rest.find(kAfter); after != std::string_view::npos) {
        auto name = hex_decode(rest.substr(after + kAfter.size()));
        if (!name || name->empty() || name->find('\0') != std::string::npos) return std::nullopt;
        position.listed_up_to = std::move(name);
        rest = rest.substr(0, after);
    }
    const auto seq = number(rest);
    if (!id || !seq || *id != collection_id) return std::nullopt;
    position.seq = *seq;
    return position;
}

std::string collection_etag(const Collection& collection) {
    return "c" + std::to_string(collection.id) + "-" + std::to_string(collection.sync_seq);
}

}  // namespace calbridge::caldav
