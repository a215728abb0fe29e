#pragma once
// Builders for PidTagRtfCompressed test streams (MS-OXRTFCP 2.1.3.1.1 layout).
#include <cstdint>
#include <string_view>
#include <vector>

#include "converters/mapi/body/rtf_decompress.h"

namespace calbridge::mapi::test {

inline void put_u32(std::vector<std::uint8_t>& out, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (8 * i));
}

inline std::vector<std::uint8_t> bytes_of(std::string_view s) { return {s.begin(), s.end()}; }

// Rewrites COMPSIZE and CRC so that the header matches `stream`'s current contents.
inline void reseal(std::vector<std::uint8_t>& stream) {
    put_u32(stream, 0, static_cast<std::uint32_t>(stream.size() - 4));
    put_u32(stream, 12, rtf_crc32(std::span(stream).subspan(16)));
}

// An "LZFu" stream that stores `raw` as literals only: control bytes of zero bits, then a final
// run whose set bit marks the end-of-data reference (offset = dictionary write position).
inline std::vector<std::uint8_t> lzfu_literals(std::string_view raw) {
    std::vector<std::uint8_t> out(16, 0);
    std::size_t write = 207;
    std::size_t i = 0;
    while (true) {
        const std::size_t control_at = out.size();
        out.push_back(0);
        int bit = 0;
        for (; bit < 8 && i < raw.size(); ++bit, ++i) {
            out.push_back(static_cast<std::uint8_t>(raw[i]));
            write = (write + 1) % 4096;
        }
        if (bit < 8) {
            out[control_at] = static_cast<std::uint8_t>(out[control_at] | (1u << bit));
            out.push_back(static_cast<std::uint8_t>(write >> 4));
            out.push_back(static_cast<std::uint8_t>((write & 0x0F) << 4));
            break;
        }
    }
    put_u32(out, 4, static_cast<std::uint32_t>(raw.size()));
    put_u32(out, 8, kRtfCompressed);
    reseal(out);
    return out;
}

// An uncompressed ("MELA") stream: the RTF itself after the header, CRC zero.
inline std::vector<std::uint8_t> mela(std::string_view raw) {
    std::vector<std::uint8_t> out(16, 0);
    out.insert(out.end(), raw.begin(), raw.end());
    put_u32(out, 0, static_cast<std::uint32_t>(raw.size() + 12));
    put_u32(out, 4, static_cast<std::uint32_t>(raw.size()));
    put_u32(out, 8, kRtfUncompressed);
    return out;
}

}  // namespace calbridge::mapi::test
