#include "converters/pst/text_decoding.h"

#include <algorithm>
#include <string_view>

namespace calbridge::pst {

std::string utf16le_to_utf8(std::span<const std::uint8_t> bytes) {
    std::size_t units = bytes.size() / 2;
    auto unit = [&](std::size_t i) { return static_cast<char32_t>(bytes[2 * i] | (bytes[2 * i + 1] << 8)); };
    while (units > 0 && unit(units - 1) == 0) --units;  // trailing NULs
    std::string out;
    out.reserve(units);
    for (std::size_t i = 0; i < units; ++i) {
        char32_t u = unit(i);
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units && unit(i + 1) >= 0xDC00 && unit(i + 1) <= 0xDFFF) {
            mapi::append_utf8(0x10000 + ((u - 0xD800) << 10) + (unit(i + 1) - 0xDC00), out);
            ++i;
        } else {
            mapi::append_utf8(u, out);  // a lone surrogate becomes U+FFFD
        }
    }
    if (bytes.size() % 2 != 0) mapi::append_utf8(0xFFFD, out);
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
