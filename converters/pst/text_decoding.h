#pragma once
// String properties as stored in a PST: PtypString is UTF-16LE, PtypString8 is 8-bit text in
// the message's code page (PidTagMessageCodepage, MS-OXCMSG 2.2.1.4). Both become UTF-8;
// malformed input becomes U+FFFD, never an exception. Trailing NULs are dropped.
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>

struct UConverter;

namespace calbridge::pst {

// UTF-16LE bytes -> UTF-8. Unpaired surrogates and an odd trailing byte become U+FFFD.
std::string utf16le_to_utf8(std::span<const std::uint8_t> bytes);

// Decodes 8-bit strings by Windows code page number (1252, 932, 65001, ...) through ICU,
// keeping one converter per code page.
class CodepageDecoder {
public:
    CodepageDecoder();
    ~CodepageDecoder();
    CodepageDecoder(const CodepageDecoder&) = delete;
    CodepageDecoder& operator=(const CodepageDecoder&) = delete;

    // False when ICU has no converter for the code page (decode() then uses windows-1252).
    bool supports(int codepage);
    std::string decode(std::span<const std::uint8_t> bytes, int codepage);

private:
    struct Closer {
        void operator()(UConverter* c) const;
    };
    UConverter* converter(int codepage);  // nullptr when unsupported
    std::map<int, std::unique_ptr<UConverter, Closer>> converters_;
};

// The ICU converter name for a Windows code page, e.g. 1252 -> "windows-1252", 65001 -> "UTF-8".
std::string icu_name_for_codepage(int codepage);

}  // namespace calbridge::pst
