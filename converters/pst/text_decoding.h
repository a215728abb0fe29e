#pragma once
// String properties as stored in a PST: PtypString is UTF-16LE, PtypString8 is 8-bit text in
// the message's code page (PidTagMessageCodepage, MS-OXPROPS; 0 means "the folder's"). Both
// become UTF-8; malformed input becomes U+FFFD, never an exception. Trailing NULs are dropped.
#include <cstdint>
#include <map>
#include <span>
#include <string>

#include "converters/mapi/body/codepage.h"

namespace calbridge::pst {

// UTF-16LE bytes -> UTF-8. Unpaired surrogates and an odd trailing byte become U+FFFD.
std::string utf16le_to_utf8(std::span<const std::uint8_t> bytes);

// PST subjects may start with U+0001 and one character giving the length of the subject
// prefix ("RE: "), a control sequence that is not part of the text (libpff's pffexport and
// libpst both skip it). Removes it in place; other strings are left alone.
void strip_subject_control_prefix(std::string& subject);

// Decodes 8-bit strings by Windows code page number (1252, 932, 65001, ...), keeping one
// mapi::CodePageDecoder (ICU) per code page met in the file.
class CodepageDecoder {
public:
    // False when ICU has no converter for the code page (decode() then uses windows-1252).
    bool supports(int codepage) const { return mapi::icu_converter_name(codepage).has_value(); }
    std::string decode(std::span<const std::uint8_t> bytes, int codepage);

private:
    std::map<int, mapi::CodePageDecoder> decoders_;
};

}  // namespace calbridge::pst
