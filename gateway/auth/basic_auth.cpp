#include "gateway/auth/basic_auth.h"

#include <cstdint>

#include "gateway/auth/base64.h"

namespace calbridge::auth {

namespace {

bool is_ows(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
    return s;
}

// RFC 3629 UTF-8 (no overlongs, no surrogates, at most U+10FFFF) without C0/C1 controls or DEL.
bool is_clean_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f) return false;
            ++i;
            continue;
        }
        std::size_t length = 0;
        std::uint32_t cp = 0;
        if ((c & 0xe0) == 0xc0) length = 2, cp = c & 0x1fu;
        else if ((c & 0xf0) == 0xe0) length = 3, cp = c & 0x0fu;
        else if ((c & 0xf8) == 0xf0) length = 4, cp = c & 0x07u;
        else return false;
        if (i + length > s.size()) return false;
        for (std::size_t k = 1; k < length; ++k) {
            auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xc0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3fu);
        }
        static constexpr std::uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < kMinimum[length] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
        if (cp >= 0x80 && cp <= 0x9f) return false;  // C1 controls
        i += length;
    }
    return true;
}

}  // namespace

std::optional<BasicCredentials> parse_basic_authorization(std::string_view value) {
    value = trim(value);
    constexpr std::string_view kScheme = "basic";
    if (value.size() <= kScheme.size() || !caldav::iequals(value.substr(0, kScheme.size()), kScheme) ||
        value[kScheme.size()] != ' ')
        return std::nullopt;
    std::string token(trim(value.substr(kScheme.size())));
    // Padding is required by RFC 4648 4 but some clients leave it out: restore it.
    if (token.size() % 4 == 1) return std::nullopt;
    while (token.size() % 4 != 0) token += '=';
    auto decoded = base64_decode(token);
    if (!decoded) return std::nullopt;
    auto colon = decoded->find(':');
    if (colon == std::string::npos || colon == 0) return std::nullopt;
    BasicCredentials credentials{decoded->substr(0, colon), decoded->substr(colon + 1)};
    if (!is_clean_utf8(credentials.user) || !is_clean_utf8(credentials.password)) return std::nullopt;
    return credentials;
}

caldav::Response unauthorized() {
    caldav::Response response;
    response.status = 401;
    response.headers.add("WWW-Authenticate", "Basic realm=\"calbridge\", charset=\"UTF-8\"");
    response.headers.add("Content-Type", "text/plain; charset=utf-8");
    response.body = "Unauthorized\n";
    return response;
}

}  // namespace calbridge::auth
