#pragma once
// PidTagRtfCompressed (0x1009) decoding per MS-OXRTFCP: the 16-byte header, the "MELA"
// (uncompressed) and "LZFu" (compressed) forms, and the CRC-32 that guards compressed data.
#include <cstdint>
#include <span>
#include <string>

namespace calbridge::mapi {

// MS-OXRTFCP 2.1.3.1.1: COMPTYPE values as little-endian DWORDs.
inline constexpr std::uint32_t kRtfCompressed = 0x75465A4C;    // "LZFu"
inline constexpr std::uint32_t kRtfUncompressed = 0x414C454D;  // "MELA"

// Returns the RTF bytes (ASCII RTF, possibly with 8-bit text) held in a PidTagRtfCompressed
// value. Throws BlobError naming the byte offset when the header or contents are truncated,
// COMPTYPE is neither "LZFu" nor "MELA", the CRC does not match (2.1.3.2), a reference runs
// the output past RAWSIZE, or the stream ends without its end-of-data reference.
// Never reads outside `compressed` and never writes more than RAWSIZE bytes.
std::string decompress_rtf(std::span<const std::uint8_t> compressed);

// MS-OXRTFCP 2.1.3.2: CRC-32 (polynomial 0xEDB88320, reflected) started at 0 and without
// the final complement, computed over the CONTENTS field of a compressed stream.
std::uint32_t rtf_crc32(std::span<const std::uint8_t> data, std::uint32_t crc = 0);

}  // namespace calbridge::mapi
