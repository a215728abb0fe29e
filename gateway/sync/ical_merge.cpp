#include "gateway/sync/ical_merge.h"

#include <libical/ical.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>

#include "converters/ical/ical_ptr.h"

namespace calbridge::sync {
namespace {

bool is_volatile(std::string_view name) {
    // RFC 5545 3.8.7.2 DTSTAMP, 3.8.7.3 LAST-MODIFIED, 3.8.7.4 SEQUENCE: bookkeeping of each save.
    return name == "DTSTAMP" || name == "LAST-MODIFIED" || name == "SEQUENCE";
}

std::string owned(char* text) {
    std::string s = text ? text : "";
    std::free(text);
    return s;
}

// A property as compared: its name, its parameters sorted, its value, each as libical writes
// them. A parameter is known by its name, not by its place in the content line (RFC 5545 3.1,
// 3.2), and libical re-quotes values itself: python-icalendar, which sorts parameters and quotes
// values with spaces, and calbridge's converters then write the same property alike.
std::string canonical_line(icalproperty* p) {
    std::vector<std::string> params;
    for (icalparameter* a = icalproperty_get_first_parameter(p, ICAL_ANY_PARAMETER); a;
         a = icalproperty_get_next_parameter(p, ICAL_ANY_PARAMETER))
        params.push_back(owned(icalparameter_as_ical_string_r(a)));
    std::sort(params.begin(), params.end());
    std::string line = owned(icalproperty_get_property_name_r(p));
    for (const std::string& param : params) line += ";" + param;
    return line + ":" + owned(icalproperty_get_value_as_string_r(p));
}

// A sub-component (VALARM) as compared: its properties' canonical lines and its own
// sub-components, each sorted.
std::string canonical_component(icalcomponent* c) {
    std::vector<std::string> parts;
    for (icalproperty* p = icalcomponent_get_first_property(c, ICAL_ANY_PROPERTY); p;
         p = icalcomponent_get_next_property(c, ICAL_ANY_PROPERTY))
        parts.push_back(canonical_line(p));
    for (icalcomponent* sub = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); sub;
         sub = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
        parts.push_back(canonical_component(sub));
    std::sort(parts.begin(), parts.end());
    std::string out = std::string("BEGIN:") + icalcomponent_kind_to_string(icalcomponent_isa(c)) + "\n";
    for (const std::string& part : parts) out += part + "\n";
    return out + "END\n";
}

// One field: the canonical lines (sorted, for comparison) and the libical objects to copy.
struct Field {
    std::vector<std::string> lines;
    std::vector<const icalproperty*> properties;
    std::vector<const icalcomponent*> components;
    bool operator==(const Field& o) const { return lines == o.lines; }
};

struct Component {
    icalcomponent_kind kind = ICAL_NO_COMPONENT;
    std::map<std::string, Field> fields;  // by property name, or "BEGIN:VALARM" for sub-components
};

struct Model {
    ical::ComponentPtr root;
    std::map<std::string, Component> components;                 // "VEVENT" or "VEVENT[<recurrence-id>]"
    std::map<std::string, const icalcomponent*> timezones;       // by TZID
    std::vector<const icalproperty*> calendar_properties;
    bool ok = false;
};

Model parse(std::string_view text) {
    Model m;
    m.root = ical::parse_ics(std::string(text));
    if (!m.root) return m;
    icalcomponent* vcal = m.root.get();
    if (icalcomponent_isa(vcal) != ICAL_VCALENDAR_COMPONENT) {
        vcal = icalcomponent_get_first_component(m.root.get(), ICAL_VCALENDAR_COMPONENT);
        if (!vcal) return m;
    }
    for (icalproperty* p = icalcomponent_get_first_property(vcal, ICAL_ANY_PROPERTY); p;
         p = icalcomponent_get_next_property(vcal, ICAL_ANY_PROPERTY))
        m.calendar_properties.push_back(p);
    for (icalcomponent* c = icalcomponent_get_first_component(vcal, ICAL_ANY_COMPONENT); c;
         c = icalcomponent_get_next_component(vcal, ICAL_ANY_COMPONENT)) {
        const icalcomponent_kind kind = icalcomponent_isa(c);
        if (kind == ICAL_VTIMEZONE_COMPONENT) {
            if (icalproperty* tzid = icalcomponent_get_first_property(c, ICAL_TZID_PROPERTY))
                m.timezones[icalproperty_get_tzid(tzid)] = c;
            continue;
        }
        Component comp;
        comp.kind = kind;
        std::string key = icalcomponent_kind_to_string(kind);
        for (icalproperty* p = icalcomponent_get_first_property(c, ICAL_ANY_PROPERTY); p;
             p = icalcomponent_get_next_property(c, ICAL_ANY_PROPERTY)) {
            const std::string name = owned(icalproperty_get_property_name_r(p));
            if (icalproperty_isa(p) == ICAL_RECURRENCEID_PROPERTY)
                key += "[" + owned(icalproperty_get_value_as_string_r(p)) + "]";
            Field& f = comp.fields[name];
            f.lines.push_back(canonical_line(p));
            f.properties.push_back(p);
        }
        for (icalcomponent* sub = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); sub;
             sub = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT)) {
            Field& f = comp.fields[std::string("BEGIN:") + icalcomponent_kind_to_string(icalcomponent_isa(sub))];
            f.lines.push_back(canonical_component(sub));
            f.components.push_back(sub);
        }
        for (auto& [name, f] : comp.fields) std::sort(f.lines.begin(), f.lines.end());
        m.components[key] = std::move(comp);
    }
    m.ok = true;
    return m;
}

bool same_fields(const Component& a, const Component& b) {
    auto stable = [](const Component& c) {
        std::map<std::string, std::vector<std::string>> out;
        for (const auto& [name, f] : c.fields)
            if (!is_volatile(name)) out[name] = f.lines;
        return out;
    };
    return stable(a) == stable(b);
}

void copy_field(icalcomponent* into, const Field& f) {
    for (const icalproperty* p : f.properties)
        icalcomponent_add_property(into, icalproperty_new_clone(const_cast<icalproperty*>(p)));
    for (const icalcomponent* c : f.components)
        icalcomponent_add_component(into, icalcomponent_new_clone(const_cast<icalcomponent*>(c)));
}

// The newer of two values of a volatile field: SEQUENCE by number, the UTC date-times by text.
const Field* newer(const Field* a, const Field* b, std::string_view name) {
    if (!a) return b;
    if (!b) return a;
    if (name == "SEQUENCE" && !a->properties.empty() && !b->properties.empty())
        return icalproperty_get_sequence(a->properties[0]) >= icalproperty_get_sequence(b->properties[0]) ? a : b;
    return a->lines >= b->lines ? a : b;
}

const Field* find(const Component* c, const std::string& name) {
    if (!c) return nullptr;
    auto it = c->fields.find(name);
    return it == c->fields.end() ? nullptr : &it->second;
}

bool same(const Field* a, const Field* b) {
    if (!a || !b) return a == b;
    return *a == *b;
}

icalcomponent* merge_component(const Component* base, const Component& local, const Component& remote,
                               const std::string& key, MergeResult& result) {
    icalcomponent* out = icalcomponent_new(remote.kind);
    std::set<std::string> names;
    for (const auto* c : {base, &local, &remote})
        if (c)
            for (const auto& [name, f] : c->fields) names.insert(name);
    for (const std::string& name : names) {
        const Field* b = find(base, name);
        const Field* l = find(&local, name);
        const Field* r = find(&remote, name);
        const Field* chosen = nullptr;
        if (is_volatile(name)) {
            chosen = newer(l, r, name);
        } else if (same(l, r) || same(l, b)) {
            chosen = r;
        } else if (same(r, b)) {
            chosen = l;
        } else {
            chosen = r;  // changed differently on both sides: Exchange wins
            result.conflict = true;
            result.conflicting.push_back(key + " " + name);
        }
        if (chosen) copy_field(out, *chosen);
    }
    return out;
}

}  // namespace

MergeResult merge_three_way(std::string_view base_text, std::string_view local_text, std::string_view remote_text) {
    MergeResult result;
    Model base = parse(base_text);
    Model local = parse(local_text);
    Model remote = parse(remote_text);
    if (!local.ok || !remote.ok) {
        result.ical = std::string(remote_text);
        result.conflict = !local.ok;
        if (result.conflict) result.conflicting.push_back("unreadable local version");
        return result;
    }
    ical::ComponentPtr out(icalcomponent_new(ICAL_VCALENDAR_COMPONENT));
    for (const icalproperty* p : remote.calendar_properties)
        icalcomponent_add_property(out.get(), icalproperty_new_clone(const_cast<icalproperty*>(p)));
    std::map<std::string, const icalcomponent*> zones = local.timezones;
    for (const auto& [tzid, zone] : remote.timezones) zones[tzid] = zone;
    for (const auto& [tzid, zone] : zones)
        icalcomponent_add_component(out.get(), icalcomponent_new_clone(const_cast<icalcomponent*>(zone)));

    std::set<std::string> keys;
    for (const Model* m : {&base, &local, &remote})
        for (const auto& [key, c] : m->components) keys.insert(key);
    for (const std::string& key : keys) {
        auto get = [&](const Model& m) -> const Component* {
            auto it = m.components.find(key);
            return it == m.components.end() ? nullptr : &it->second;
        };
        const Component* b = base.ok ? get(base) : nullptr;
        const Component* l = get(local);
        const Component* r = get(remote);
        if (l && r) {
            icalcomponent_add_component(out.get(), merge_component(b, *l, *r, key, result));
            continue;
        }
        if (!l && !r) continue;  // removed on both sides, or never there
        const Component* present = l ? l : r;
        const bool present_is_remote = r != nullptr;
        if (!b) {
            // Added on one side only (an override made since the last sync): kept.
            icalcomponent_add_component(out.get(), merge_component(nullptr, *present, *present, key, result));
            continue;
        }
        if (same_fields(*b, *present)) continue;  // removed on one side, unchanged on the other
        // Removed on one side, changed on the other: a true conflict, the remote side wins.
        result.conflict = true;
        result.conflicting.push_back(key + " removed on one side, changed on the other");
        if (present_is_remote)
            icalcomponent_add_component(out.get(), merge_component(nullptr, *present, *present, key, result));
    }
    result.ical = ical::to_ics(out.get());
    return result;
}

bool same_content(std::string_view a, std::string_view b) {
    Model x = parse(a);
    Model y = parse(b);
    if (!x.ok || !y.ok) return a == b;
    if (x.components.size() != y.components.size()) return false;
    for (const auto& [key, c] : x.components) {
        auto it = y.components.find(key);
        if (it == y.components.end() || !same_fields(c, it->second)) return false;
    }
    return true;
}

bool holds_changes(std::string_view base, std::string_view sent, std::string_view remote) {
    const Model b = parse(base);
    const Model s = parse(sent);
    const Model r = parse(remote);
    if (!s.ok || !r.ok) return false;
    int changed = 0;
    bool removals_held = true;
    auto component = [](const Model& m, const std::string& key) -> const Component* {
        if (!m.ok) return nullptr;
        auto it = m.components.find(key);
        return it == m.components.end() ? nullptr : &it->second;
    };
    for (const auto& [key, sc] : s.components) {
        const Component* bc = component(b, key);
        const Component* rc = component(r, key);
        for (const auto& [name, f] : sc.fields) {
            // ORGANIZER is the server's: EWS (and Graph) make the account the organizer of what a
            // client writes, whatever was sent, so it proves nothing either way.
            if (is_volatile(name) || name == "ORGANIZER" || same(&f, find(bc, name))) continue;
            if (!same(&f, find(rc, name))) return false;
            ++changed;
        }
        if (!bc) continue;
        for (const auto& [name, f] : bc->fields)
            if (!is_volatile(name) && !find(&sc, name) && find(rc, name)) removals_held = false;
    }
    if (b.ok)
        for (const auto& [key, bc] : b.components)
            if (!s.components.count(key) && r.components.count(key)) removals_held = false;
    return changed > 0 || removals_held;
}

}  // namespace calbridge::sync
