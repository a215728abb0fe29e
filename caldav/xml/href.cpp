#include "caldav/xml/href.h"

#include "caldav/xml/utf8.h"

namespace calbridge::caldav::xml {
namespace {

// RFC 3986 2.3 unreserved, plus the pchar/path characters we leave readable (see href.h).
constexpr bool keep(unsigned char c) noexcept {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~' || c == '/' || c == ':' || c == '@' || c == '(' || c == ')';
}

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool is_scheme_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' ||
           c == '.';
}

}  // namespace

void append_encoded_href(std::string& out, std::string_view path) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::size_t run = 0;
    for (std::size_t i = 0; i < path.size(); ++i) {
        const auto c = static_cast<unsigned char>(path[i]);
        if (keep(c)) continue;
        // RFC 3986 2.1 percent-encoding, upper-case hex
        out.append(path.data() + run, i - run);
        out += '%';
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
        run = i + 1;
    }
    out.append(path.data() + run, path.size() - run);
}

std::string encode_href(std::string_view path) {
    std::string out;
    out.reserve(path.size() + 8);
    append_encoded_href(out, path);
    return out;
}

std::optional<std::string> decode_href(std::string_view href) {
    // RFC 3986 3: scheme "://" authority path-abempty; a DAV:href may be absolute (RFC 4918 8.3).
    if (const auto sep = href.find("://"); sep != std::string_view::npos && sep > 0) {
        bool scheme = (href[0] >= 'a' && href[0] <= 'z') || (href[0] >= 'A' && href[0] <= 'Z');
        for (std::size_t i = 1; scheme && i < sep; ++i) scheme = is_scheme_char(href[i]);
        if (scheme) {
            const auto path_start = href.find_first_of("/?#", sep + 3);
            href = path_start == std::string_view::npos ? std::string_view("/") : href.substr(path_start);
            if (!href.empty() && href[0] != '/') href = "/";
        }
    }
    if (const auto q = href.find_first_of("?#"); q != std::string_view::npos) href = href.substr(0, q);
    if (href.empty()) return std::nullopt;
    std::string out;
    out.reserve(href.size());
    for (std::size_t i = 0; i < href.size(); ++i) {
        if (href[i] != '%') {
            out += href[i];
            continue;
        }
        if (i + 2 >= href.size()) return std::nullopt;
        const int hi = hex_value(href[i + 1]);
        const int lo = hex_value(href[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        const char c = static_cast<char>(hi * 16 + lo);
        if (c == '\0') return std::nullopt;
        out += c;
        i += 2;
    }
    if (!is_valid_utf8(out)) return std::nullopt;
    return out;
}

}  // namespace calbridge::caldav::xml
