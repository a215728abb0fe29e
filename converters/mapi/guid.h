#pragma once
// A MAPI GUID (16 bytes, stored little-endian as in MS-DTYP 2.3.4.2 / MS-OXCDATA 2.5.1).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace calbridge::mapi {

struct Guid {
    std::array<std::uint8_t, 16> bytes{};

    // Parses the registry form "{00062002-0000-0000-C000-000000000046}" (braces optional)
    // into the on-disk byte order (Data1..Data3 little-endian). Throws std::invalid_argument.
    static Guid parse(std::string_view text);
    // The canonical upper-case registry form without braces.
    std::string to_string() const;

    friend bool operator==(const Guid&, const Guid&) = default;
    friend auto operator<=>(const Guid&, const Guid&) = default;
};

}  // namespace calbridge::mapi
