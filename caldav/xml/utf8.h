#pragma once
// UTF-8 and XML character checks shared by the parser, the writer and href decoding.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace calbridge::caldav::xml {

// XML 1.0 2.2 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
constexpr bool is_xml_char(std::uint32_t c) noexcept {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

// Length of the well-formed UTF-8 sequence (RFC 3629: no overlongs, no surrogates) at the
// start of s, with its code point in cp; 0 when s does not start with one.
std::size_t utf8_sequence(std::string_view s, std::uint32_t& cp) noexcept;

// Offset of the first byte that is not part of valid UTF-8 or encodes a character that XML 1.0
// forbids; npos when there is none.
std::size_t find_invalid_xml_utf8(std::string_view s) noexcept;

// True when s is valid UTF-8 (any code point, NUL included).
bool is_valid_utf8(std::string_view s) noexcept;

// XML 1.0 Namespaces NCName, approximated for what we accept as a name written into a
// response: non-empty, no ':', no whitespace or markup characters, not starting with a digit,
// '-' or '.'.
bool is_ncname(std::string_view s) noexcept;

}  // namespace calbridge::caldav::xml
