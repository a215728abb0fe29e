#include "caldav/calendar_access/reports/component_selection.h"

#include <vector>

#include "caldav/http_message.h"

namespace calbridge::caldav {

namespace {

// One content line (RFC 5545 3.1): `raw` as stored, folds and line break included; `name` its
// property name (or BEGIN/END), `value` the unfolded text after the first ':' outside quotes.
struct ContentLine {
    std::string_view raw;
    std::string name;
    std::string value;
    std::size_t value_at_raw = std::string_view::npos;   // where the value starts in raw
};

bool is_fold(std::string_view text, std::size_t i) {
    // A line break followed by a space or tab continues the line (RFC 5545 3.1).
    if (text[i] == '\r' && i + 2 < text.size() && text[i + 1] == '\n') return text[i + 2] == ' ' || text[i + 2] == '\t';
    if (text[i] == '\n' && i + 1 < text.size()) return text[i + 1] == ' ' || text[i + 1] == '\t';
    return false;
}

// Reads the content line starting at pos; advances pos past it.
ContentLine next_line(std::string_view text, std::size_t& pos) {
    ContentLine line;
    const std::size_t begin = pos;
    bool in_name = true, quoted = false, in_value = false;
    std::size_t i = pos;
    while (i < text.size()) {
        if (is_fold(text, i)) {
            i += text[i] == '\r' ? 3 : 2;
            continue;
        }
        const char c = text[i];
        if (c == '\n' || (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
            i += c == '\r' ? 2 : 1;
            break;
        }
        if (in_value) {
            line.value += c;
        } else if (c == '"') {
            quoted = !quoted;
            in_name = false;
        } else if (!quoted && c == ':') {
            in_name = false;
            in_value = true;
            line.value_at_raw = i - begin;
        } else if (in_name && c == ';') {
            in_name = false;
        } else if (in_name) {
            line.name += c;
        }
        ++i;
    }
    line.raw = text.substr(begin, i - begin);
    pos = i;
    return line;
}

void append_line(std::string& out, std::string_view raw) {
    out.append(raw);
    if (raw.empty() || raw.back() != '\n') out += "\r\n";
}

struct Frame {
    const xml::CompSelect* select = nullptr;   // nullptr: the whole component (allcomp)
};

const xml::CompSelect* find_comp(const xml::CompSelect& parent, std::string_view name) {
    for (const auto& c : parent.comps)
        if (iequals(c.name, name)) return &c;
    return nullptr;
}

const xml::ICalPropSelect* find_prop(const xml::CompSelect& comp, std::string_view name) {
    for (const auto& p : comp.props)
        if (iequals(p.name, name)) return &p;
    return nullptr;
}

}  // namespace

std::string select_components(std::string_view ics, const xml::CompSelect& selection) {
    std::string out;
    out.reserve(ics.size());
    std::vector<Frame> stack;
    std::size_t skip = 0;       // depth inside a component that is not returned
    bool top_done = false;
    std::size_t pos = 0;
    while (pos < ics.size()) {
        const ContentLine line = next_line(ics, pos);
        if (line.name.empty() && line.raw.find_first_not_of(" \t\r\n") == std::string_view::npos) continue;
        if (iequals(line.name, "BEGIN")) {
            if (skip > 0) {
                ++skip;
                continue;
            }
            if (stack.empty()) {
                if (top_done || !iequals(line.value, selection.name)) {
                    skip = 1;
                    continue;
                }
                stack.push_back({&selection});
            } else {
                const Frame parent = stack.back();
                if (!parent.select || parent.select->all_comps) {
                    stack.push_back({nullptr});   // 9.6.3 allcomp: the component whole
                } else if (const xml::CompSelect* child = find_comp(*parent.select, line.value)) {
                    stack.push_back({child});     // 9.6.1
                } else {
                    skip = 1;
                    continue;
                }
            }
            append_line(out, line.raw);
        } else if (iequals(line.name, "END")) {
            if (skip > 0) {
                --skip;
                continue;
            }
            if (stack.empty()) continue;
            append_line(out, line.raw);
            stack.pop_back();
            if (stack.empty()) top_done = true;
        } else if (skip == 0 && !stack.empty()) {
            const xml::CompSelect* select = stack.back().select;
            if (!select || select->all_props) {   // 9.6.2 allprop
                append_line(out, line.raw);
            } else if (const xml::ICalPropSelect* p = find_prop(*select, line.name)) {
                // 9.6.4: novalue="yes" keeps the name and parameters, drops the value.
                if (p->novalue && line.value_at_raw != std::string_view::npos)
                    append_line(out, line.raw.substr(0, line.value_at_raw + 1));
                else
                    append_line(out, line.raw);
            }
        }
    }
    return out;
}

}  // namespace calbridge::caldav
