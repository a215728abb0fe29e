#include "converters/mapi/body/html_entities.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace calbridge::mapi {
namespace {

struct NamedReference {
    std::string_view name;
    char32_t code_point;
};

// HTML 4 Latin-1 names, U+00A0 to U+00FF in order.
constexpr std::array<std::string_view, 96> kLatin1Names = {
    "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",   "uml",    "copy",
    "ordf",   "laquo",  "not",    "shy",    "reg",    "macr",   "deg",    "plusmn", "sup2",   "sup3",
    "acute",  "micro",  "para",   "middot", "cedil",  "sup1",   "ordm",   "raquo",  "frac14", "frac12",
    "frac34", "iquest", "Agrave", "Aacute", "Acirc",  "Atilde", "Auml",   "Aring",  "AElig",  "Ccedil",
    "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave", "Iacute", "Icirc",  "Iuml",   "ETH",    "Ntilde",
    "Ograve", "Oacute", "Ocirc",  "Otilde", "Ouml",   "times",  "Oslash", "Ugrave", "Uacute", "Ucirc",
    "Uuml",   "Yacute", "THORN",  "szlig",  "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",
    "aelig",  "ccedil", "egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute", "icirc",  "iuml",
    "eth",    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide", "oslash", "ugrave",
    "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml"};

constexpr NamedReference kOtherNames[] = {
    {"quot", 0x22},     {"amp", 0x26},      {"apos", 0x27},     {"lt", 0x3C},       {"gt", 0x3E},
    {"OElig", 0x152},   {"oelig", 0x153},   {"Scaron", 0x160},  {"scaron", 0x161},  {"Yuml", 0x178},
    {"fnof", 0x192},    {"circ", 0x2C6},    {"tilde", 0x2DC},   {"ensp", 0x2002},   {"emsp", 0x2003},
    {"thinsp", 0x2009}, {"zwnj", 0x200C},   {"zwj", 0x200D},    {"lrm", 0x200E},    {"rlm", 0x200F},
    {"ndash", 0x2013},  {"mdash", 0x2014},  {"lsquo", 0x2018},  {"rsquo", 0x2019},  {"sbquo", 0x201A},
    {"ldquo", 0x201C},  {"rdquo", 0x201D},  {"bdquo", 0x201E},  {"dagger", 0x2020}, {"Dagger", 0x2021},
    {"bull", 0x2022},   {"hellip", 0x2026}, {"permil", 0x2030}, {"prime", 0x2032},  {"Prime", 0x2033},
    {"lsaquo", 0x2039}, {"rsaquo", 0x203A}, {"oline", 0x203E},  {"euro", 0x20AC},   {"trade", 0x2122},
    {"larr", 0x2190},   {"uarr", 0x2191},   {"rarr", 0x2192},   {"darr", 0x2193},   {"harr", 0x2194},
    {"minus", 0x2212},  {"le", 0x2264},     {"ge", 0x2265},     {"ne", 0x2260},     {"asymp", 0x2248},
    {"infin", 0x221E},  {"check", 0x2713},  {"hearts", 0x2665}, {"spades", 0x2660}, {"clubs", 0x2663},
    {"diams", 0x2666},  {"loz", 0x25CA},    {"Alpha", 0x391},   {"Beta", 0x392},    {"Omega", 0x3A9},
    {"alpha", 0x3B1},   {"beta", 0x3B2},    {"gamma", 0x3B3},   {"delta", 0x3B4},   {"pi", 0x3C0},
    {"mu", 0x3BC},      {"sigma", 0x3C3},   {"omega", 0x3C9},   {"nbhy", 0x2011},   {"NewLine", 0x0A},
    {"Tab", 0x09},
};

// WHATWG HTML "numeric character reference end state": C1 controls are windows-1252 bytes.
constexpr std::array<char16_t, 32> kWindows1252C1 = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

std::optional<char32_t> lookup_named(std::string_view name, bool bare) {
    for (std::size_t i = 0; i < kLatin1Names.size(); ++i)
        if (kLatin1Names[i] == name) return static_cast<char32_t>(0xA0 + i);
    for (const auto& ref : kOtherNames) {
        if (ref.name != name) continue;
        if (bare && !(name == "amp" || name == "lt" || name == "gt" || name == "quot")) return std::nullopt;
        return ref.code_point;
    }
    return std::nullopt;
}

std::optional<char32_t> decode_numeric(std::string_view html, std::size_t& pos) {
    std::size_t i = pos + 2;  // past "&#"
    const bool hex = i < html.size() && (html[i] == 'x' || html[i] == 'X');
    if (hex) ++i;
    const std::size_t digits_begin = i;
    std::uint32_t value = 0;
    bool overflow = false;
    for (; i < html.size(); ++i) {
        const char c = html[i];
        int d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else break;
        if (value > 0x10FFFF) overflow = true;
        else value = value * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
    }
    if (i == digits_begin) return std::nullopt;  // "&#" or "&#x" without digits is text
    if (i < html.size() && html[i] == ';') ++i;
    pos = i;
    if (overflow || value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return U'\uFFFD';
    if (value >= 0x80 && value <= 0x9F) return kWindows1252C1[value - 0x80];
    return value;
}

}  // namespace

std::optional<char32_t> decode_character_reference(std::string_view html, std::size_t& pos) {
    if (pos + 1 >= html.size() || html[pos] != '&') return std::nullopt;
    if (html[pos + 1] == '#') return decode_numeric(html, pos);
    std::size_t end = pos + 1;
    while (end < html.size() && end - pos <= 32 && is_alnum(html[end])) ++end;
    const std::string_view name = html.substr(pos + 1, end - pos - 1);
    if (name.empty()) return std::nullopt;
    const bool terminated = end < html.size() && html[end] == ';';
    auto cp = lookup_named(name, !terminated);
    if (!cp) return std::nullopt;
    pos = terminated ? end + 1 : end;
    return cp;
}

}  // namespace calbridge::mapi
