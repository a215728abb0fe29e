#include "caldav/calendar/text_match.h"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace calbridge::caldav {

namespace {

char ascii_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

bool contains_ascii_casemap(std::string_view haystack, std::string_view needle) {
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                       [](char a, char b) { return ascii_upper(a) == ascii_upper(b); }) != haystack.end();
}

// RFC 5051 2: simple titlecase mapping of each character, then its full compatibility
// decomposition. nullopt when s is not valid UTF-8.
std::optional<std::vector<UChar32>> unicode_casemap_key(std::string_view s) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2* nfkd = unorm2_getNFKDInstance(&status);
    if (U_FAILURE(status)) return std::nullopt;
    std::vector<UChar32> out;
    out.reserve(s.size());
    const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
    const auto length = static_cast<int32_t>(s.size());
    int32_t i = 0;
    UChar decomposition[32];
    while (i < length) {
        UChar32 c = 0;
        U8_NEXT(bytes, i, length, c);
        if (c < 0) return std::nullopt;
        const UChar32 title = u_totitle(c);
        status = U_ZERO_ERROR;
        const int32_t n = unorm2_getDecomposition(nfkd, title, decomposition, 32, &status);
        if (U_FAILURE(status) || n < 0) {
            out.push_back(title);   // no decomposition
            continue;
        }
        for (int32_t j = 0; j < n;) {
            UChar32 d = 0;
            U16_NEXT(decomposition, j, n, d);
            out.push_back(d);
        }
    }
    return out;
}

bool contains(std::string_view collation, std::string_view haystack, std::string_view needle) {
    if (collation == "i;octet") return haystack.find(needle) != std::string_view::npos;
    if (collation == "i;unicode-casemap") {
        auto h = unicode_casemap_key(haystack);
        auto n = unicode_casemap_key(needle);
        if (h && n) return std::search(h->begin(), h->end(), n->begin(), n->end()) != h->end();
        return haystack.find(needle) != std::string_view::npos;
    }
    return contains_ascii_casemap(haystack, needle);   // "i;ascii-casemap", the default (RFC 4791 9.7.5)
}

}  // namespace

bool is_supported_collation(std::string_view collation) {
    return collation == "i;ascii-casemap" || collation == "i;octet" || collation == "i;unicode-casemap";
}

bool text_matches(const TextMatch& match, std::string_view value) {
    return contains(match.collation, value, match.text) != match.negate;
}

}  // namespace calbridge::caldav
