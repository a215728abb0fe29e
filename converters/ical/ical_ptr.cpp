#include "converters/ical/ical_ptr.h"

#include <algorithm>
#include <string_view>

namespace calbridge::ical {

namespace {

// Appends one content line folded at 75 octets (RFC 5545 3.1), never inside a UTF-8 sequence.
// The first 75 octets of each output line are copied as a block; only past them is each octet
// checked for a UTF-8 continuation byte.
void append_folded(std::string& out, std::string_view line) {
    std::size_t col = 0;
    std::size_t i = 0;
    while (i < line.size()) {
        if (col < 75) {
            std::size_t run = std::min<std::size_t>(75 - col, line.size() - i);
            out.append(line.data() + i, run);
            i += run;
            col += run;
            continue;
        }
        bool continuation = (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80;
        if (!continuation) {
            out += "\r\n ";
            col = 1;
        }
        out += line[i];
        ++i;
        ++col;
    }
    out += "\r\n";
}

// Escapes the bare COMMA and SEMICOLON of a value libical already escaped otherwise: every
// backslash left in it starts an escape sequence ("\\", "\n").
std::string escape_separators(std::string_view value) {
    std::string out;
    out.reserve(value.size() + 16);
    std::size_t i = 0;
    while (i < value.size()) {
        std::size_t special = i;
        while (special < value.size() && value[special] != '\\' && value[special] != ',' && value[special] != ';')
            ++special;
        out.append(value.substr(i, special - i));
        if (special == value.size()) break;
        char c = value[special];
        if (c == '\\') {
            // An escape sequence is kept whole; a backslash at the very end stays as it is.
            std::size_t length = special + 1 < value.size() ? 2 : 1;
            out.append(value.substr(special, length));
            i = special + length;
        } else {
            out += '\\';
            out += c;
            i = special + 1;
        }
    }
    return out;
}

bool is_text_x_property(std::string_view line) {
    for (const char* name : kTextXProperties) {
        std::string_view n(name);
        if (line.size() > n.size() && line.substr(0, n.size()) == n && (line[n.size()] == ':' || line[n.size()] == ';'))
            return true;
    }
    return false;
}

// The value starts after the first ':' outside a quoted parameter value (RFC 5545 3.1).
std::size_t value_start(std::string_view line) {
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '"') quoted = !quoted;
        if (line[i] == ':' && !quoted) return i + 1;
    }
    return line.size();
}

std::string fix_text_x_properties(const std::string& ics) {
    std::string out;
    out.reserve(ics.size() + ics.size() / 32);
    std::size_t pos = 0;
    while (pos < ics.size()) {
        // Unfold one content line (CRLF followed by a space or tab continues it).
        std::string line;
        while (pos < ics.size()) {
            std::size_t eol = ics.find("\r\n", pos);
            if (eol == std::string::npos) eol = ics.size();
            line.append(ics, pos, eol - pos);
            pos = eol + 2;
            if (pos >= ics.size() || (ics[pos] != ' ' && ics[pos] != '\t')) break;
            ++pos;
        }
        if (is_text_x_property(line)) {
            std::size_t v = value_start(line);
            line = line.substr(0, v) + escape_separators(std::string_view(line).substr(v));
        }
        append_folded(out, line);
    }
    return out;
}

}  // namespace

std::string to_ics(const icalcomponent* c) {
    // icalcomponent_as_ical_string_r returns a buffer the caller frees.
    char* s = icalcomponent_as_ical_string_r(const_cast<icalcomponent*>(c));
    if (!s) return {};
    std::string out(s);
    icalmemory_free_buffer(s);
    for (const char* name : kTextXProperties)
        if (out.find(std::string("\r\n") + name) != std::string::npos) return fix_text_x_properties(out);
    return out;
}

ComponentPtr parse_ics(const std::string& text) {
    return ComponentPtr(icalparser_parse_string(text.c_str()));
}

}  // namespace calbridge::ical
