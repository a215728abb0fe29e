#include "converters/mapi/body/codepage.h"

#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <map>
#include <mutex>
#include <utility>
#include <vector>

namespace calbridge::mapi {
namespace {

constexpr int kDefaultCodePage = 1252;

UConverter* open_converter(const std::string& name) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter* c = ucnv_open(name.c_str(), &status);
    if (U_FAILURE(status)) {
        if (c) ucnv_close(c);
        return nullptr;
    }
    return c;
}

// Names ICU knows for code pages whose Windows number is not an ICU alias.
std::optional<std::string> well_known_name(int cp) {
    switch (cp) {
    case 65001: return "UTF-8";
    case 1200: return "UTF-16LE";
    case 1201: return "UTF-16BE";
    case 20127: return "US-ASCII";
    case 20866: return "KOI8-R";
    case 21866: return "KOI8-U";
    case 10000: return "macintosh";
    case 10006: return "x-mac-greek";
    case 10007: return "x-mac-cyrillic";
    case 10029: return "x-mac-ce";
    case 10081: return "x-mac-turkish";
    case 50220:
    case 50221:
    case 50222: return "ISO-2022-JP";
    case 20932:
    case 51932: return "EUC-JP";
    case 51949: return "EUC-KR";
    case 52936: return "HZ-GB-2312";
    case 54936: return "GB18030";
    case 28603: return "ISO-8859-13";
    case 28605: return "ISO-8859-15";
    default: break;
    }
    if (cp >= 28591 && cp <= 28599) return "ISO-8859-" + std::to_string(cp - 28590);
    return std::nullopt;
}

std::optional<std::string> find_converter_name(int codepage) {
    std::vector<std::string> candidates;
    if (auto n = well_known_name(codepage)) candidates.push_back(*n);
    // Windows ANSI and DBCS pages are "windows-N" in ICU; OEM pages are "cpN"/"ibm-N".
    candidates.push_back("windows-" + std::to_string(codepage));
    candidates.push_back("cp" + std::to_string(codepage));
    candidates.push_back("ibm-" + std::to_string(codepage));
    for (const auto& name : candidates) {
        if (UConverter* c = open_converter(name)) {
            ucnv_close(c);
            return name;
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> icu_converter_name(int codepage) {
    if (codepage <= 0) return std::nullopt;
    // Looking a name up opens converters; remember the answer for each code page.
    static std::mutex mutex;
    static std::map<int, std::optional<std::string>> cache;
    std::lock_guard lock(mutex);
    auto it = cache.find(codepage);
    if (it == cache.end()) it = cache.emplace(codepage, find_converter_name(codepage)).first;
    return it->second;
}

std::optional<int> codepage_for_rtf_charset(int charset) {
    // MSFT-RTF \fcharset table (Word 2007 RTF 1.9.1), Windows charset -> code page.
    switch (charset) {
    case 2: return 1252;     // SYMBOL_CHARSET: no Unicode mapping of its own; read as 1252
    case 77: return 10000;   // MAC_CHARSET
    case 78: return 10001;   // Mac Shift Jis
    case 79: return 10003;   // Mac Hangul
    case 80: return 10008;   // Mac GB2312
    case 81: return 10002;   // Mac Big5
    case 83: return 10005;   // Mac Hebrew
    case 84: return 10004;   // Mac Arabic
    case 85: return 10006;   // Mac Greek
    case 86: return 10081;   // Mac Turkish
    case 87: return 10021;   // Mac Thai
    case 88: return 10029;   // Mac East Europe
    case 89: return 10007;   // Mac Russian
    case 128: return 932;    // SHIFTJIS_CHARSET
    case 129: return 949;    // HANGUL_CHARSET
    case 130: return 1361;   // JOHAB_CHARSET
    case 134: return 936;    // GB2312_CHARSET
    case 136: return 950;    // CHINESEBIG5_CHARSET
    case 161: return 1253;   // GREEK_CHARSET
    case 162: return 1254;   // TURKISH_CHARSET
    case 163: return 1258;   // VIETNAMESE_CHARSET
    case 177: return 1255;   // HEBREW_CHARSET
    case 178: return 1256;   // ARABIC_CHARSET
    case 186: return 1257;   // BALTIC_CHARSET
    case 204: return 1251;   // RUSSIAN_CHARSET
    case 222: return 874;    // THAI_CHARSET
    case 238: return 1250;   // EASTEUROPE_CHARSET
    case 254: return 437;    // PC 437
    case 255: return 850;    // OEM_CHARSET
    default: return std::nullopt;  // 0 ANSI, 1 DEFAULT and unknown values: the document code page
    }
}

CodePageDecoder::CodePageDecoder(int codepage) : codepage_(codepage) {
    if (auto name = icu_converter_name(codepage)) converter_ = open_converter(*name);
    if (!converter_) {
        codepage_ = kDefaultCodePage;
        converter_ = open_converter("windows-1252");
    }
}

CodePageDecoder::~CodePageDecoder() {
    if (converter_) ucnv_close(converter_);
}

CodePageDecoder::CodePageDecoder(CodePageDecoder&& other) noexcept
    : codepage_(other.codepage_), converter_(std::exchange(other.converter_, nullptr)) {}

CodePageDecoder& CodePageDecoder::operator=(CodePageDecoder&& other) noexcept {
    if (this != &other) {
        if (converter_) ucnv_close(converter_);
        codepage_ = other.codepage_;
        converter_ = std::exchange(other.converter_, nullptr);
    }
    return *this;
}

void CodePageDecoder::append_utf8(std::string_view bytes, std::string& out) {
    if (bytes.empty()) return;
    if (!converter_) {  // ICU without windows-1252 data: keep ASCII, mark the rest
        for (char ch : bytes) {
            if (static_cast<unsigned char>(ch) < 0x80) out.push_back(ch);
            else mapi::append_utf8(U'\uFFFD', out);
        }
        return;
    }
    UErrorCode status = U_ZERO_ERROR;
    // The constructor resets the converter, so no state leaks from a previous call.
    icu::UnicodeString text(bytes.data(), static_cast<int32_t>(bytes.size()), converter_, status);
    if (U_FAILURE(status)) {
        mapi::append_utf8(U'\uFFFD', out);
        return;
    }
    text.toUTF8String(out);
}

void append_utf8(char32_t cp, std::string& out) {
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
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

}  // namespace calbridge::mapi
