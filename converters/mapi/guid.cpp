#include "converters/mapi/guid.h"

#include "converters/mapi/hex_digit.h"

#include <cstdio>
#include <stdexcept>

namespace calbridge::mapi {

Guid Guid::parse(std::string_view text) {
    if (!text.empty() && text.front() == '{') text.remove_prefix(1);
    if (!text.empty() && text.back() == '}') text.remove_suffix(1);
    std::array<std::uint8_t, 16> be{};  // textual (big-endian) order
    std::size_t n = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '-') continue;
        if (i + 1 >= text.size() || n >= 16) throw std::invalid_argument("malformed GUID: " + std::string(text));
        int hi = hex_value(text[i]), lo = hex_value(text[i + 1]);
        if (hi < 0 || lo < 0) throw std::invalid_argument("malformed GUID: " + std::string(text));
        be[n++] = static_cast<std::uint8_t>(hi * 16 + lo);
        ++i;
    }
    if (n != 16) throw std::invalid_argument("malformed GUID: " + std::string(text));
    Guid g;
    // Data1 (4 bytes), Data2 (2), Data3 (2) are little-endian on disk; Data4 is a byte array.
    const int order[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
    for (int i = 0; i < 16; ++i) g.bytes[static_cast<std::size_t>(i)] = be[static_cast<std::size_t>(order[i])];
    return g;
}

std::string Guid::to_string() const {
    const auto& b = bytes;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-%02X%02X%02X%02X%02X%02X",
                  b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13],
                  b[14], b[15]);
    return buf;
}

}  // namespace calbridge::mapi
