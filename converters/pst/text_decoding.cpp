#include "converters/pst/text_decoding.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace calbridge::pst {

std::string utf16le_to_utf8(std::span<const std::uint8_t> bytes) {
    const std::uint8_t* src = bytes.data();
    std::size_t units = bytes.size() / 2;
    auto unit = [src](std::size_t i) { return static_cast<char32_t>(src[2 * i] | (src[2 * i + 1] << 8)); };
    while (units > 0 && unit(units - 1) == 0) --units;  // trailing NULs
    // At most 3 UTF-8 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units), plus
    // U+FFFD for an odd trailing byte. Written straight into the buffer: bodies are long.
    std::string out(units * 3 + 3, '\0');
    char* p = out.data();
    auto put = [&p](char32_t cp) {
        if (cp < 0x80) {
            *p++ = static_cast<char>(cp);
        } else if (cp < 0x800) {
            *p++ = static_cast<char>(0xC0 | (cp >> 6));
            *p++ = static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            *p++ = static_cast<char>(0xE0 | (cp >> 12));
            *p++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            *p++ = static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            *p++ = static_cast<char>(0xF0 | (cp >> 18));
            *p++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            *p++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            *p++ = static_cast<char>(0x80 | (cp & 0x3F));
        }
    };
    constexpr char32_t kReplacement = 0xFFFD;
    std::size_t i = 0;
    while (i < units) {
        // Most text is ASCII: take eight (SSE2) or four units at a time while their high
        // bits are all clear.
#if defined(__SSE2__)
        {
            const __m128i high_bits = _mm_set1_epi16(static_cast<short>(0xFF80));
            const __m128i zero = _mm_setzero_si128();
            while (i + 8 <= units) {
                __m128i eight = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + 2 * i));
                if (_mm_movemask_epi8(_mm_cmpeq_epi16(_mm_and_si128(eight, high_bits), zero)) != 0xFFFF) break;
                _mm_storel_epi64(reinterpret_cast<__m128i*>(p), _mm_packus_epi16(eight, eight));
                p += 8;
                i += 8;
            }
        }
#endif
        if constexpr (std::endian::native == std::endian::little) {
            while (i + 4 <= units) {
                std::uint64_t four = 0;
                std::memcpy(&four, src + 2 * i, sizeof four);
                if ((four & 0xFF80FF80FF80FF80ull) != 0) break;
                p[0] = static_cast<char>(four);
                p[1] = static_cast<char>(four >> 16);
                p[2] = static_cast<char>(four >> 32);
                p[3] = static_cast<char>(four >> 48);
                p += 4;
                i += 4;
            }
            if (i == units) break;
        }
        char32_t u = unit(i);
        if (u < 0xD800 || u > 0xDFFF) {
            put(u);
        } else if (u <= 0xDBFF && i + 1 < units && unit(i + 1) >= 0xDC00 && unit(i + 1) <= 0xDFFF) {
            put(0x10000 + ((u - 0xD800) << 10) + (unit(i + 1) - 0xDC00));
            ++i;
        } else {
            put(kReplacement);  // unpaired surrogate
        }
        ++i;
    }
    if (bytes.size() % 2 != 0) put(kReplacement);
    out.resize(static_cast<std::size_t>(p - out.data()));
    return out;
}

void strip_subject_control_prefix(std::string& subject) {
    if (subject.size() < 2 || subject[0] != '\x01') return;
    // The length character is one code point; skip its UTF-8 bytes.
    auto lead = static_cast<unsigned char>(subject[1]);
    std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    subject.erase(0, std::min(subject.size(), 1 + length));
}

std::string CodepageDecoder::decode(std::span<const std::uint8_t> bytes, int codepage) {
    while (!bytes.empty() && bytes.back() == 0) bytes = bytes.first(bytes.size() - 1);
    if (bytes.empty()) return {};
    auto it = decoders_.find(codepage);
    if (it == decoders_.end()) it = decoders_.emplace(codepage, codepage).first;
    return it->second.to_utf8(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

}  // namespace calbridge::pst
