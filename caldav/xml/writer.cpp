#include "caldav/xml/writer.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <stdexcept>

#include "caldav/xml/href.h"
#include "caldav/xml/utf8.h"

namespace calbridge::caldav::xml {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";   // U+FFFD
constexpr std::string_view kRootDeclarations =
    " xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\""
    " xmlns:CS=\"http://calendarserver.org/ns/\" xmlns:ICAL=\"http://apple.com/ns/ical/\"";

std::string_view known_prefix(std::string_view ns) noexcept {
    if (ns == kDav) return "D";
    if (ns == kCalDav) return "C";
    if (ns == kCalendarServer) return "CS";
    if (ns == kAppleIcal) return "ICAL";
    return {};
}

// True when none of the 8 bytes of w needs a look: no byte below 0x20 or above 0x7F and none
// of & < > (nor " in an attribute). Word-at-a-time tests ("Bit Twiddling Hacks", hasless and
// haszero): calendar-data is mostly long ASCII runs, and the byte loop was a fifth of a
// calendar-multiget's time.
bool plain_word(std::uint64_t w, bool attribute) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    auto has_zero = [&](std::uint64_t v) { return ((v - ones) & ~v & highs) != 0; };
    if (w & highs) return false;                          // non-ASCII: UTF-8 is checked below
    if (((w - ones * 0x20) & ~w & highs) != 0) return false;   // a byte < 0x20 (CR, LF, TAB, C0)
    if (has_zero(w ^ (ones * '&')) || has_zero(w ^ (ones * '<')) || has_zero(w ^ (ones * '>'))) return false;
    return !(attribute && has_zero(w ^ (ones * '"')));
}

// Shared body of the two escapers; `attribute` adds ", TAB, LF (XML 1.0 3.3.3 normalisation).
void append_escaped(std::string& out, std::string_view s, bool attribute) {
    std::size_t run = 0;   // start of the pending run of bytes copied unchanged
    std::size_t i = 0;
    const std::size_t n = s.size();
    auto flush = [&](std::size_t upto) {
        if (upto > run) out.append(s.data() + run, upto - run);
    };
    while (i < n) {
        if (i + 8 <= n) {
            std::uint64_t w;
            std::memcpy(&w, s.data() + i, 8);
            if (plain_word(w, attribute)) {
                i += 8;
                continue;
            }
        }
        const auto c = static_cast<unsigned char>(s[i]);
        const char* rep = nullptr;
        if (c >= 0x80) {
            std::uint32_t cp = 0;
            const std::size_t len = utf8_sequence(s.substr(i), cp);
            if (len != 0 && is_xml_char(cp)) {
                i += len;
                continue;
            }
            flush(i);
            out += kReplacement;
            i += len == 0 ? 1 : len;
            run = i;
            continue;
        }
        switch (c) {
            case '&': rep = "&amp;"; break;
            case '<': rep = "&lt;"; break;
            case '>': rep = "&gt;"; break;
            case '\r': rep = "&#13;"; break;
            case '"': rep = attribute ? "&quot;" : nullptr; break;
            case '\t': rep = attribute ? "&#9;" : nullptr; break;
            case '\n': rep = attribute ? "&#10;" : nullptr; break;
            default:
                if (c < 0x20) rep = kReplacement.data();   // C0 controls are not XML Chars
        }
        if (rep) {
            flush(i);
            out += rep;
            run = i + 1;
        }
        ++i;
    }
    flush(n);
}

std::array<std::string, 600> build_status_lines() {
    std::array<std::string, 600> t;
    auto reason = [](int code) -> std::string_view {
        switch (code) {
            case 100: return "Continue";
            case 200: return "OK";
            case 201: return "Created";
            case 204: return "No Content";
            case 207: return "Multi-Status";
            case 301: return "Moved Permanently";
            case 302: return "Found";
            case 304: return "Not Modified";
            case 307: return "Temporary Redirect";
            case 308: return "Permanent Redirect";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 409: return "Conflict";
            case 410: return "Gone";
            case 411: return "Length Required";
            case 412: return "Precondition Failed";
            case 413: return "Content Too Large";
            case 414: return "URI Too Long";
            case 415: return "Unsupported Media Type";
            case 416: return "Range Not Satisfiable";
            case 422: return "Unprocessable Content";
            case 423: return "Locked";
            case 424: return "Failed Dependency";
            case 500: return "Internal Server Error";
            case 501: return "Not Implemented";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 507: return "Insufficient Storage";
            default: return "";
        }
    };
    for (int code = 100; code < 600; ++code) {
        std::string line = "HTTP/1.1 " + std::to_string(code);
        const std::string_view r = reason(code);
        line += ' ';
        line += r.empty() ? std::string_view("Status") : r;
        t[static_cast<std::size_t>(code)] = std::move(line);
    }
    return t;
}

}  // namespace

void append_escaped_text(std::string& out, std::string_view text) { append_escaped(out, text, false); }
void append_escaped_attr(std::string& out, std::string_view value) { append_escaped(out, value, true); }

std::string_view status_line(int status) {
    static const std::array<std::string, 600> kLines = build_status_lines();
    if (status < 100 || status >= 600) status = 500;
    return kLines[static_cast<std::size_t>(status)];
}

XmlWriter::XmlWriter(Mode mode, std::size_t reserve) : mode_(mode) {
    out_.reserve(reserve);
    names_.reserve(256);
    starts_.reserve(16);
    if (mode_ == Mode::document) out_ += "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
}

void XmlWriter::finish_start_tag() {
    if (in_start_tag_) {
        out_ += '>';
        in_start_tag_ = false;
    }
}

void XmlWriter::write_name(std::string_view ns, std::string_view name) {
    // Names reach the writer from constants and from parsed requests; refuse anything that
    // would break the markup (an engine bug, not a client error).
    if (!is_ncname(name)) throw std::invalid_argument("XmlWriter: \"" + std::string(name) + "\" is not an XML name");
    const std::size_t start = names_.size();
    starts_.push_back(start);
    const std::string_view prefix = known_prefix(ns);
    if (!prefix.empty()) {
        names_ += prefix;
        names_ += ':';
    } else if (!ns.empty()) {
        names_ += 'x';
        names_ += std::to_string(next_prefix_++);
        names_ += ':';
    }
    names_ += name;
    out_.append(names_, start, std::string_view::npos);
    if (prefix.empty() && !ns.empty()) {
        // Namespaces in XML 1.0 6.1: declared here, in scope for this element's subtree only.
        out_ += " xmlns:";
        out_.append(names_, start, names_.size() - start - name.size() - 1);
        out_ += "=\"";
        append_escaped_attr(out_, ns);
        out_ += '"';
    }
}

XmlWriter& XmlWriter::open(std::string_view ns, std::string_view name) {
    finish_start_tag();
    out_ += '<';
    write_name(ns, name);
    if (mode_ == Mode::document && !root_written_) out_ += kRootDeclarations;
    root_written_ = true;
    in_start_tag_ = true;
    return *this;
}

XmlWriter& XmlWriter::attr(std::string_view name, std::string_view value) {
    if (!in_start_tag_) throw std::logic_error("XmlWriter::attr outside a start tag");
    out_ += ' ';
    out_ += name;
    out_ += "=\"";
    append_escaped_attr(out_, value);
    out_ += '"';
    return *this;
}

XmlWriter& XmlWriter::text(std::string_view text) {
    finish_start_tag();
    append_escaped_text(out_, text);
    return *this;
}

XmlWriter& XmlWriter::close() {
    if (starts_.empty()) throw std::logic_error("XmlWriter::close with no open element");
    const std::size_t start = starts_.back();
    if (in_start_tag_) {
        out_ += "/>";
        in_start_tag_ = false;
    } else {
        out_ += "</";
        out_.append(names_, start, std::string_view::npos);
        out_ += '>';
    }
    names_.resize(start);
    starts_.pop_back();
    return *this;
}

XmlWriter& XmlWriter::leaf(std::string_view ns, std::string_view name, std::string_view text) {
    open(ns, name);
    if (!text.empty()) this->text(text);
    return close();
}

XmlWriter& XmlWriter::href(std::string_view path) {
    open(kDav, "href");
    finish_start_tag();
    // encode_href output is ASCII without '&', '<', '>', '"': no XML escaping needed.
    append_encoded_href(out_, path);
    return close();
}

XmlWriter& XmlWriter::href_raw(std::string_view url) { return leaf(kDav, "href", url); }

XmlWriter& XmlWriter::raw(std::string_view xml) {
    finish_start_tag();
    out_ += xml;
    return *this;
}

std::string XmlWriter::finish() {
    while (!starts_.empty()) close();
    if (mode_ == Mode::document) out_ += '\n';
    return std::move(out_);
}

}  // namespace calbridge::caldav::xml
