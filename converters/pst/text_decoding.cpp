#include "converters/pst/text_decoding.h"

#include <unicode/ucnv.h>

#include <array>
#include <vector>

namespace calbridge::pst {
namespace {

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

constexpr char32_t kReplacement = 0xFFFD;

template <class Unit>
std::string utf16_units_to_utf8(const Unit* units, std::size_t count) {
    while (count > 0 && units[count - 1] == 0) --count;  // trailing NULs
    std::string out;
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        char32_t u = units[i];
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < count && units[i + 1] >= 0xDC00 && units[i + 1] <= 0xDFFF) {
            append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (char32_t{units[i + 1]} - 0xDC00));
            ++i;
        } else if (u >= 0xD800 && u <= 0xDFFF) {
            append_utf8(out, kReplacement);
        } else {
            append_utf8(out, u);
        }
    }
    return out;
}

// Keeps ASCII and marks every other byte as U+FFFD: the last resort when ICU fails.
std::string ascii_only(std::span<const std::uint8_t> bytes) {
    std::string out;
    for (auto b : bytes) {
        if (b < 0x80)
            out.push_back(static_cast<char>(b));
        else
            append_utf8(out, kReplacement);
    }
    return out;
}

}  // namespace

std::string utf16le_to_utf8(std::span<const std::uint8_t> bytes) {
    std::vector<char16_t> units(bytes.size() / 2);
    for (std::size_t i = 0; i < units.size(); ++i)
        units[i] = static_cast<char16_t>(bytes[2 * i] | (bytes[2 * i + 1] << 8));
    std::string out = utf16_units_to_utf8(units.data(), units.size());
    if (bytes.size() % 2 != 0) append_utf8(out, kReplacement);
    return out;
}

std::string icu_name_for_codepage(int codepage) {
    // Windows code page identifiers that ICU knows by another name.
    struct Alias {
        int codepage;
        const char* name;
    };
    static constexpr std::array<Alias, 18> aliases{{
        {65001, "UTF-8"},       {1200, "UTF-16LE"},    {1201, "UTF-16BE"},   {20127, "US-ASCII"},
        {28591, "ISO-8859-1"},  {28592, "ISO-8859-2"}, {28595, "ISO-8859-5"}, {28597, "ISO-8859-7"},
        {28605, "ISO-8859-15"}, {20866, "KOI8-R"},     {21866, "KOI8-U"},    {50220, "ISO-2022-JP"},
        {50221, "ISO-2022-JP"}, {50222, "ISO-2022-JP"}, {51932, "EUC-JP"},    {51949, "EUC-KR"},
        {54936, "GB18030"},     {10000, "macintosh"},
    }};
    for (const auto& a : aliases)
        if (a.codepage == codepage) return a.name;
    if (codepage == 932) return "windows-31j";
    return "windows-" + std::to_string(codepage);
}

void CodepageDecoder::Closer::operator()(UConverter* c) const { ucnv_close(c); }

CodepageDecoder::CodepageDecoder() = default;
CodepageDecoder::~CodepageDecoder() = default;

UConverter* CodepageDecoder::converter(int codepage) {
    auto it = converters_.find(codepage);
    if (it != converters_.end()) return it->second.get();
    UConverter* c = nullptr;
    for (const std::string& name : {icu_name_for_codepage(codepage), "cp" + std::to_string(codepage),
                                    "ibm-" + std::to_string(codepage)}) {
        UErrorCode status = U_ZERO_ERROR;
        c = ucnv_open(name.c_str(), &status);
        if (U_SUCCESS(status) && c) break;
        if (c) ucnv_close(c);
        c = nullptr;
    }
    converters_.emplace(codepage, std::unique_ptr<UConverter, Closer>(c));
    return c;
}

bool CodepageDecoder::supports(int codepage) { return converter(codepage) != nullptr; }

std::string CodepageDecoder::decode(std::span<const std::uint8_t> bytes, int codepage) {
    while (!bytes.empty() && bytes.back() == 0) bytes = bytes.first(bytes.size() - 1);
    if (bytes.empty()) return {};
    UConverter* c = converter(codepage);
    if (!c) c = converter(1252);
    if (!c) return ascii_only(bytes);  // no ICU data at all
    ucnv_reset(c);
    // Worst case one UTF-16 unit per input byte (plus a surrogate pair for 4-byte sequences).
    std::vector<UChar> units(bytes.size() * 2 + 2);
    UErrorCode status = U_ZERO_ERROR;
    int32_t n = ucnv_toUChars(c, units.data(), static_cast<int32_t>(units.size()),
                              reinterpret_cast<const char*>(bytes.data()), static_cast<int32_t>(bytes.size()),
                              &status);
    if (U_FAILURE(status)) return ascii_only(bytes);
    return utf16_units_to_utf8(units.data(), static_cast<std::size_t>(n));
}

}  // namespace calbridge::pst
