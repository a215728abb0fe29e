#pragma once
// Windows code page numbers (as RTF \ansicpgN, \cpgN, \fcharsetN and PidTagInternetCodepage
// carry them) decoded to UTF-8 through ICU converters.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct UConverter;

namespace calbridge::mapi {

// The ICU converter name for a Windows code page, or nullopt if ICU has none
// (e.g. 1252 -> "windows-1252", 65001 -> "UTF-8", 932 -> "windows-932").
std::optional<std::string> icu_converter_name(int codepage);

// The Windows code page an RTF \fcharsetN stands for (MSFT-RTF "\fcharset"), or nullopt for
// ANSI_CHARSET (0) and DEFAULT_CHARSET (1), which mean "the document's \ansicpg".
std::optional<int> codepage_for_rtf_charset(int charset);

// Decodes bytes of one code page to UTF-8. Bytes the code page does not define become U+FFFD.
// An unknown code page decodes as windows-1252, the RTF default (MSFT-RTF \ansicpg).
class CodePageDecoder {
public:
    explicit CodePageDecoder(int codepage);
    ~CodePageDecoder();
    CodePageDecoder(const CodePageDecoder&) = delete;
    CodePageDecoder& operator=(const CodePageDecoder&) = delete;
    CodePageDecoder(CodePageDecoder&&) noexcept;
    CodePageDecoder& operator=(CodePageDecoder&&) noexcept;

    // The code page actually used (1252 when the requested one was unknown).
    int codepage() const { return codepage_; }
    // Appends the UTF-8 form of `bytes` to `out`.
    void append_utf8(std::string_view bytes, std::string& out);
    std::string to_utf8(std::string_view bytes) {
        std::string out;
        append_utf8(bytes, out);
        return out;
    }

private:
    int codepage_;
    UConverter* converter_ = nullptr;
};

// Appends the UTF-8 encoding of a code point; surrogates and values past U+10FFFF become U+FFFD.
void append_utf8(char32_t cp, std::string& out);

}  // namespace calbridge::mapi
