#include "gateway/status/event_facts.h"

#include <array>

namespace calbridge::status {

namespace {

// The properties shown, in this order (RFC 5545 3.8).
constexpr std::array kShown = {"SUMMARY", "DTSTART", "DTEND", "DUE", "DURATION", "RRULE", "LOCATION",
                               "STATUS", "TRANSP", "CLASS", "ORGANIZER", "DESCRIPTION"};
constexpr std::size_t kDescriptionLimit = 300;

struct Property {
    std::string name;
    std::string tzid;        // TZID parameter
    bool date = false;       // VALUE=DATE
    std::string value;
};

// RFC 5545 3.1: a CRLF (or LF) followed by one space or tab continues the line.
std::vector<std::string> unfold(std::string_view text) {
    std::vector<std::string> lines;
    std::string current;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t end = text.find('\n', i);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(i, end - i);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
            current.append(line.substr(1));
        } else {
            if (!current.empty()) lines.push_back(std::move(current));
            current.assign(line);
        }
        i = end + 1;
    }
    if (!current.empty()) lines.push_back(std::move(current));
    return lines;
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

// name *(";" param) ":" value, with ':' and ';' inside quoted parameter values (RFC 5545 3.1.1).
Property parse(const std::string& line) {
    Property p;
    std::size_t i = 0;
    while (i < line.size() && line[i] != ';' && line[i] != ':') ++i;
    p.name = upper(std::string_view(line).substr(0, i));
    while (i < line.size() && line[i] == ';') {
        const std::size_t start = ++i;
        bool quoted = false;
        while (i < line.size() && (quoted || (line[i] != ';' && line[i] != ':'))) {
            if (line[i] == '"') quoted = !quoted;
            ++i;
        }
        const std::string_view param = std::string_view(line).substr(start, i - start);
        const std::size_t eq = param.find('=');
        if (eq == std::string_view::npos) continue;
        const std::string key = upper(param.substr(0, eq));
        std::string_view value = param.substr(eq + 1);
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        if (key == "TZID") p.tzid = value;
        else if (key == "VALUE" && upper(value) == "DATE") p.date = true;
    }
    if (i < line.size()) p.value = line.substr(i + 1);
    return p;
}

// RFC 5545 3.3.11: \\ \; \, \n \N.
std::string unescape_text(std::string_view v) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '\\' && i + 1 < v.size()) {
            const char n = v[++i];
            out += (n == 'n' || n == 'N') ? '\n' : n;
        } else {
            out += v[i];
        }
    }
    return out;
}

std::string cut(std::string text, std::size_t limit) {
    if (text.size() <= limit) return text;
    std::size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // UTF-8 boundary
    text.resize(end);
    return text + "...";
}

std::string shown_value(const Property& p) {
    if (p.name == "SUMMARY" || p.name == "LOCATION" || p.name == "DESCRIPTION")
        return cut(unescape_text(p.value), p.name == "DESCRIPTION" ? kDescriptionLimit : 2 * kDescriptionLimit);
    if (p.name == "ORGANIZER") {
        std::string v = p.value;
        if (upper(std::string_view(v).substr(0, 7)) == "MAILTO:") v = v.substr(7);
        return cut(std::move(v), 2 * kDescriptionLimit);
    }
    // Every other value is cut too: a hostile server's 20 MB RRULE is not copied into the page.
    std::string v = cut(p.value, 2 * kDescriptionLimit);
    if (!p.tzid.empty()) v += " (" + cut(std::string(p.tzid), 2 * kDescriptionLimit) + ")";
    else if (p.date) v += " (all day)";
    return v;
}

}  // namespace

std::vector<Fact> event_facts(std::string_view icalendar) {
    // What a person reads sits at the start; a kept version of many megabytes is not unfolded
    // whole on every page view.
    constexpr std::size_t kReadLimit = 1u << 20;
    if (icalendar.size() > kReadLimit) icalendar = icalendar.substr(0, kReadLimit);
    const std::vector<std::string> lines = unfold(icalendar);
    // Components of interest: VEVENT, VTODO, VJOURNAL at any depth below VCALENDAR.
    struct Component {
        std::vector<Property> props;
        bool override_instance = false;
    };
    std::vector<Component> components;
    int depth = 0;          // inside a component of interest: > 0 (its nested VALARMs count too)
    for (const std::string& line : lines) {
        const Property p = parse(line);
        if (p.name == "BEGIN") {
            const std::string kind = upper(p.value);
            if (depth == 0 && (kind == "VEVENT" || kind == "VTODO" || kind == "VJOURNAL")) {
                components.emplace_back();
                depth = 1;
            } else if (depth > 0) {
                ++depth;
            }
            continue;
        }
        if (p.name == "END") {
            if (depth > 0) --depth;
            continue;
        }
        if (depth != 1) continue;  // VALARM properties are not the event's
        if (p.name == "RECURRENCE-ID") components.back().override_instance = true;
        components.back().props.push_back(p);
    }
    std::vector<Fact> facts;
    if (components.empty()) return facts;
    const Component* master = &components.front();
    std::size_t overrides = 0;
    for (const Component& c : components) {
        if (c.override_instance) ++overrides;
        else if (master->override_instance) master = &c;
    }
    for (const char* name : kShown)
        for (const Property& p : master->props)
            if (p.name == name) {
                facts.push_back({name, shown_value(p)});
                break;
            }
    std::size_t attendees = 0;
    for (const Property& p : master->props) attendees += p.name == "ATTENDEE";
    if (attendees) facts.push_back({"ATTENDEES", std::to_string(attendees)});
    if (overrides) facts.push_back({"OVERRIDES", std::to_string(overrides) + " changed occurrence(s)"});
    return facts;
}

std::string fact(const std::vector<Fact>& facts, std::string_view name) {
    for (const Fact& f : facts)
        if (f.name == name) return f.value;
    return {};
}

}  // namespace calbridge::status
