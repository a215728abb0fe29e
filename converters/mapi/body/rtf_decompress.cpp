#include "converters/mapi/body/rtf_decompress.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string_view>

#include "converters/mapi/blob_reader.h"

namespace calbridge::mapi {
namespace {

constexpr std::string_view kBlobName = "PidTagRtfCompressed";
constexpr std::size_t kHeaderSize = 16;
// COMPSIZE counts the contents plus the 12 header bytes that follow it (2.1.3.1.1).
constexpr std::uint32_t kCompSizeHeaderPart = 12;

// MS-OXRTFCP 2.1.3.1.2: the dictionary is 4096 bytes, pre-loaded with these 207 bytes, and
// writing continues at offset 207.
constexpr std::string_view kInitialDictionary =
    "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern "
    "\\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0"
    "\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";
static_assert(kInitialDictionary.size() == 207, "MS-OXRTFCP 2.1.3.1.2 initial dictionary");
constexpr std::size_t kDictionarySize = 4096;
constexpr std::size_t kDictionaryMask = kDictionarySize - 1;

constexpr std::array<std::uint32_t, 256> make_crc_table() {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    return table;
}
constexpr auto kCrcTable = make_crc_table();
static_assert(kCrcTable[1] == 0x77073096u, "MS-OXRTFCP 2.1.3.2 CRC table");

[[noreturn]] void fail_at(std::span<const std::uint8_t> data, std::size_t offset, const std::string& what) {
    BlobReader at(data, std::string(kBlobName));
    at.skip(offset, "");
    at.fail(what);
}

std::string hex32(std::uint32_t v) {
    char buf[11];
    std::snprintf(buf, sizeof buf, "0x%08X", v);
    return buf;
}

// MS-OXRTFCP 2.1.3.1.3 / 2.1.3.1.4: runs of a control byte (bits read least significant first)
// followed by up to eight tokens; a set bit means a 2-byte big-endian dictionary reference
// (12-bit offset, 4-bit length - 2), a clear bit a literal byte. A reference whose offset equals
// the write position ends the data (2.1.3.1.5).
std::string decompress_lzfu(std::span<const std::uint8_t> data, std::size_t begin, std::size_t end,
                            std::uint32_t raw_size) {
    std::array<std::uint8_t, kDictionarySize> dict{};
    std::copy(kInitialDictionary.begin(), kInitialDictionary.end(), dict.begin());
    std::size_t write = kInitialDictionary.size();

    std::string out;
    // Each compressed byte yields at most 8 output bytes (17 bytes can encode 8 x 17 bytes), so a
    // lying RAWSIZE cannot make us reserve more than the input justifies.
    out.reserve(std::min<std::size_t>(raw_size, (end - begin) * 8 + 16));

    auto put = [&](std::uint8_t b, std::size_t at) {
        if (out.size() >= raw_size)
            fail_at(data, at, "output exceeds RAWSIZE (" + std::to_string(raw_size) + " bytes)");
        out.push_back(static_cast<char>(b));
        dict[write] = b;
        write = (write + 1) & kDictionaryMask;
    };

    std::size_t pos = begin;
    while (true) {
        if (pos >= end) fail_at(data, pos, "truncated: control byte needs 1 bytes, 0 left (no end-of-data reference)");
        const std::uint8_t control = data[pos++];
        for (int bit = 0; bit < 8; ++bit) {
            if ((control & (1u << bit)) == 0) {
                if (pos >= end) fail_at(data, pos, "truncated: literal needs 1 bytes, 0 left");
                put(data[pos], pos);
                ++pos;
                continue;
            }
            if (end - pos < 2)
                fail_at(data, pos, "truncated: dictionary reference needs 2 bytes, " + std::to_string(end - pos) + " left");
            const std::size_t ref_at = pos;
            const unsigned ref = (static_cast<unsigned>(data[pos]) << 8) | data[pos + 1];
            pos += 2;
            std::size_t offset = ref >> 4;
            const std::size_t length = (ref & 0x0F) + 2;
            if (offset == write) return out;  // 2.1.3.1.5: end of compressed data
            // Copy byte by byte: the source may overlap the bytes being written (section 3.1.2).
            for (std::size_t i = 0; i < length; ++i) {
                put(dict[offset], ref_at);
                offset = (offset + 1) & kDictionaryMask;
            }
        }
    }
}

}  // namespace

std::uint32_t rtf_crc32(std::span<const std::uint8_t> data, std::uint32_t crc) {
    for (std::uint8_t b : data) crc = kCrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
    return crc;
}

std::string decompress_rtf(std::span<const std::uint8_t> compressed) {
    BlobReader r(compressed, std::string(kBlobName));
    const std::uint32_t comp_size = r.u32("COMPSIZE");
    const std::uint32_t raw_size = r.u32("RAWSIZE");
    const std::uint32_t comp_type = r.u32("COMPTYPE");
    const std::uint32_t crc = r.u32("CRC");

    if (comp_type != kRtfCompressed && comp_type != kRtfUncompressed)
        fail_at(compressed, 8, "COMPTYPE " + hex32(comp_type) + " is neither LZFu nor MELA");
    if (comp_size < kCompSizeHeaderPart)
        fail_at(compressed, 0, "COMPSIZE " + std::to_string(comp_size) + " is smaller than the 12 header bytes it counts");
    const std::size_t contents_size = comp_size - kCompSizeHeaderPart;
    // Bytes past COMPSIZE (if any) are not part of the stream and are ignored.
    auto contents = r.bytes(contents_size, "CONTENTS");

    if (comp_type == kRtfUncompressed) {
        // 2.1.3.1.1: RAWDATA is the RTF itself; RAWSIZE says how much of it is meaningful.
        if (raw_size > contents.size())
            fail_at(compressed, kHeaderSize + contents.size(),
                    "truncated: RAWDATA needs " + std::to_string(raw_size) + " bytes, " +
                        std::to_string(contents.size()) + " left");
        return std::string(reinterpret_cast<const char*>(contents.data()), raw_size);
    }

    const std::uint32_t actual = rtf_crc32(contents);
    if (actual != crc)
        fail_at(compressed, 12, "CRC mismatch: header says " + hex32(crc) + ", contents give " + hex32(actual));
    return decompress_lzfu(compressed, kHeaderSize, kHeaderSize + contents_size, raw_size);
}

}  // namespace calbridge::mapi
