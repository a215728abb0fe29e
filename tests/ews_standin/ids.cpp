#include "ews_standin/ids.h"

#include "gateway/auth/base64.h"

#include <charconv>

namespace calbridge::ews_standin {

namespace {
constexpr std::string_view kPrefix = "calbridge-standin/";

std::string encode(std::string_view kind, const std::string& rest) {
    return auth::base64_encode(std::string(kPrefix) + std::string(kind) + "/" + rest);
}

// The part after "calbridge-standin/<kind>/", or nullopt.
std::optional<std::string> decode(std::string_view id, std::string_view kind) {
    auto raw = auth::base64_decode(id);
    std::string head = std::string(kPrefix) + std::string(kind) + "/";
    if (!raw || !raw->starts_with(head)) return std::nullopt;
    return raw->substr(head.size());
}

template <typename T>
std::optional<T> number(std::string_view s) {
    T v{};
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}
}  // namespace

std::string folder_id(std::int64_t folder) { return encode("folder", std::to_string(folder)); }
std::string item_id(std::int64_t item) { return encode("item", std::to_string(item)); }
std::string occurrence_id(std::int64_t master, int index) {
    return encode("occurrence", std::to_string(master) + "/" + std::to_string(index));
}
std::string change_key(std::uint64_t counter) { return encode("ck", std::to_string(counter)); }

std::string attachment_id(std::int64_t item, int attachment) {
    return encode("attachment", std::to_string(item) + "/" + std::to_string(attachment));
}

std::optional<AttachmentRef> parse_attachment_id(std::string_view id) {
    auto rest = decode(id, "attachment");
    if (!rest) return std::nullopt;
    auto slash = rest->find('/');
    if (slash == std::string::npos) return std::nullopt;
    auto i = number<std::int64_t>(std::string_view(*rest).substr(0, slash));
    auto a = number<int>(std::string_view(*rest).substr(slash + 1));
    if (!i || !a) return std::nullopt;
    return AttachmentRef{*i, *a};
}

std::optional<std::int64_t> parse_folder_id(std::string_view id) {
    auto rest = decode(id, "folder");
    return rest ? number<std::int64_t>(*rest) : std::nullopt;
}

std::optional<ItemRef> parse_item_id(std::string_view id) {
    if (auto rest = decode(id, "item")) {
        auto n = number<std::int64_t>(*rest);
        if (n) return ItemRef{*n, 0};
        return std::nullopt;
    }
    if (auto rest = decode(id, "occurrence")) {
        auto slash = rest->find('/');
        if (slash == std::string::npos) return std::nullopt;
        auto m = number<std::int64_t>(std::string_view(*rest).substr(0, slash));
        auto i = number<int>(std::string_view(*rest).substr(slash + 1));
        if (m && i && *i > 0) return ItemRef{*m, *i};
    }
    return std::nullopt;
}

std::optional<std::uint64_t> parse_change_key(std::string_view key) {
    auto rest = decode(key, "ck");
    return rest ? number<std::uint64_t>(*rest) : std::nullopt;
}

}  // namespace calbridge::ews_standin
