#include "caldav/xml/utf8.h"

namespace calbridge::caldav::xml {

std::size_t utf8_sequence(std::string_view s, std::uint32_t& cp) noexcept {
    if (s.empty()) return 0;
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const unsigned char c = p[0];
    if (c < 0x80) {
        cp = c;
        return 1;
    }
    std::size_t len;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1Fu; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0Fu; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07u; }
    else return 0;
    if (s.size() < len) return 0;
    for (std::size_t k = 1; k < len; ++k) {
        if ((p[k] & 0xC0u) != 0x80u) return 0;
        cp = (cp << 6) | (p[k] & 0x3Fu);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

std::size_t find_invalid_xml_utf8(std::string_view s) noexcept {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x80) {
            ++i;
            continue;
        }
        std::uint32_t cp = 0;
        const std::size_t len = utf8_sequence(s.substr(i), cp);
        if (len == 0 || !is_xml_char(cp)) return i;
        i += len;
    }
    return std::string_view::npos;
}

bool is_valid_utf8(std::string_view s) noexcept {
    std::size_t i = 0;
    while (i < s.size()) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        std::uint32_t cp = 0;
        const std::size_t len = utf8_sequence(s.substr(i), cp);
        if (len == 0) return false;
        i += len;
    }
    return true;
}

bool is_ncname(std::string_view s) noexcept {
    if (s.empty()) return false;
    const char first = s[0];
    if ((first >= '0' && first <= '9') || first == '-' || first == '.') return false;
    for (const char c : s) {
        switch (c) {
            case ':': case ' ': case '\t': case '\n': case '\r': case '<': case '>': case '&': case '"':
            case '\'': case '=': case '/': case '!': case '?': case '(': case ')': case '[': case ']':
            case ';': case ',': case '{': case '}': case '@': case '#': case '%': case '*': case '+':
            case '$': case '^': case '`': case '|': case '\\': case '~':
                return false;
            default:
                if (static_cast<unsigned char>(c) < 0x20) return false;
        }
    }
    return true;
}

}  // namespace calbridge::caldav::xml
