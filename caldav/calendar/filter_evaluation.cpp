#include "caldav/calendar/filter_evaluation.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "caldav/calendar/alarm_triggers.h"
#include "caldav/calendar/civil_time.h"
#include "caldav/calendar/ical_values.h"
#include "caldav/calendar/instance_iterator.h"
#include "caldav/calendar/text_match.h"
#include "caldav/calendar/time_range_rules.h"
#include "caldav/http_message.h"

namespace calbridge::caldav {

namespace {

struct Context {
    const icalcomponent* vcalendar;
    const CalendarTimeZone& zone;
};

std::string component_name(const icalcomponent* c) {
    auto* m = const_cast<icalcomponent*>(c);
    if (icalcomponent_isa(m) == ICAL_X_COMPONENT) {
        // libical 3.0 has no getter for an X- component's name: read it off "BEGIN:X-NAME".
        char* text = icalcomponent_as_ical_string_r(m);
        if (!text) return "";
        std::string_view t(text);
        std::string name(t.substr(0, std::min(t.find_first_of("\r\n"), t.size())));
        icalmemory_free_buffer(text);
        return name.size() > 6 ? name.substr(6) : "";
    }
    const char* n = icalcomponent_kind_to_string(icalcomponent_isa(m));
    return n ? n : "";
}

std::string property_name(const icalproperty* p) {
    const char* n = icalproperty_get_property_name(p);
    return n ? n : "";
}

// Unescapes a TEXT value (RFC 5545 3.3.11) and splits it at unescaped commas when `split`.
std::vector<std::string> text_values(std::string_view raw, bool split) {
    std::vector<std::string> out(1);
    for (std::size_t i = 0; i < raw.size(); ++i) {
        char c = raw[i];
        if (c == '\\' && i + 1 < raw.size()) {
            const char e = raw[++i];
            out.back() += (e == 'n' || e == 'N') ? '\n' : e;
        } else if (c == ',' && split) {
            out.emplace_back();
        } else {
            out.back() += c;
        }
    }
    return out;
}

// RFC 5545 properties whose value is a comma-separated list of TEXT (9.7.5: any value matches).
bool is_text_list(icalproperty_kind k) {
    return k == ICAL_CATEGORIES_PROPERTY || k == ICAL_RESOURCES_PROPERTY;
}

// The values a text-match sees for a property.
std::vector<std::string> match_values(const icalproperty* p) {
    auto* prop = const_cast<icalproperty*>(p);
    char* raw = icalproperty_get_value_as_string_r(prop);
    if (!raw) return {""};
    std::string value(raw);
    icalmemory_free_buffer(raw);
    const icalvalue* v = icalproperty_get_value(p);
    const bool text = v && (icalvalue_isa(v) == ICAL_TEXT_VALUE || icalvalue_isa(v) == ICAL_X_VALUE);
    if (!text) return {value};
    return text_values(value, is_text_list(icalproperty_isa(prop)));
}

// Values of a parameter: its text after '=', split at commas outside quotes, unquoted.
std::vector<std::string> parameter_values(const icalparameter* param) {
    char* raw = icalparameter_as_ical_string_r(const_cast<icalparameter*>(param));
    if (!raw) return {};
    std::string text(raw);
    icalmemory_free_buffer(raw);
    const auto eq = text.find('=');
    std::vector<std::string> out(1);
    bool quoted = false;
    for (std::size_t i = eq == std::string::npos ? text.size() : eq + 1; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"') quoted = !quoted;
        else if (c == ',' && !quoted) out.emplace_back();
        else out.back() += c;
    }
    return out;
}

std::string parameter_name(const icalparameter* param) {
    auto* p = const_cast<icalparameter*>(param);
    if (icalparameter_isa(p) == ICAL_X_PARAMETER || icalparameter_isa(p) == ICAL_IANA_PARAMETER) {
        const char* x = icalparameter_get_xname(p);
        return x ? x : "";
    }
    const char* n = icalparameter_kind_to_string(icalparameter_isa(p));
    return n ? n : "";
}

bool param_filter_matches(const ParamFilter& f, const icalproperty* p) {
    auto* prop = const_cast<icalproperty*>(p);
    bool found = false;
    for (icalparameter* param = icalproperty_get_first_parameter(prop, ICAL_ANY_PARAMETER); param;
         param = icalproperty_get_next_parameter(prop, ICAL_ANY_PARAMETER)) {
        if (!iequals(parameter_name(param), f.name)) continue;
        found = true;
        if (f.is_not_defined) return false;
        if (!f.text_match) return true;
        for (const std::string& v : parameter_values(param))
            if (text_matches(*f.text_match, v)) return true;
    }
    // RFC 4791 9.7.3: is-not-defined matches when the parameter is absent; otherwise the
    // parameter must exist (and its text-match hold).
    return !found && f.is_not_defined;
}

// 9.9: (start <= DATE-TIME AND end > DATE-TIME); a DATE as its whole day.
bool property_in_range(const Context& ctx, const icalproperty* p, const TimeRange& range) {
    auto t = property_time(ctx.vcalendar, p);
    if (!t) return false;
    const UtcTime u = to_utc(t->local, t->zone, ctx.zone);
    TimeSpan s = point_span(u.seconds);
    if (t->local.is_date) s.end = to_utc(add_days(t->local, 1), nullptr, ctx.zone).seconds;
    return overlaps(s, range);
}

bool prop_filter_matches(const Context& ctx, const PropFilter& f, const icalcomponent* c) {
    auto* comp = const_cast<icalcomponent*>(c);
    bool found = false;
    for (icalproperty* p = icalcomponent_get_first_property(comp, ICAL_ANY_PROPERTY); p;
         p = icalcomponent_get_next_property(comp, ICAL_ANY_PROPERTY)) {
        if (!iequals(property_name(p), f.name)) continue;
        found = true;
        if (f.is_not_defined) return false;
        if (f.time_range && !property_in_range(ctx, p, *f.time_range)) continue;
        if (f.text_match) {
            const auto values = match_values(p);
            // negate-condition applies per value: "any value matches" (9.7.5).
            if (std::none_of(values.begin(), values.end(), [&](const std::string& v) { return text_matches(*f.text_match, v); }))
                continue;
        }
        if (std::all_of(f.param_filters.begin(), f.param_filters.end(),
                        [&](const ParamFilter& pf) { return param_filter_matches(pf, p); }))
            return true;
    }
    return !found && f.is_not_defined;
}

// Components of c with an instance overlapping range (9.9, recurrence expanded).
std::set<const icalcomponent*> components_in_range(const Context& ctx, const TimeRange& range) {
    std::set<const icalcomponent*> out;
    InstanceOptions io;
    io.floating_zone = &ctx.zone;
    for_each_instance(ctx.vcalendar, range, [&](const Instance& in) {
        out.insert(in.component);
        return true;
    }, io);
    return out;
}

// 9.9 VALARM: some trigger of the alarm, for some instance of its parent, in range.
bool alarm_in_range(const Context& ctx, const icalcomponent* parent, const icalcomponent* alarm, const TimeRange& range) {
    auto trigger = read_trigger(ctx.vcalendar, alarm, ctx.zone);
    if (!trigger) return false;
    const auto hit = [&](const Instance& in) {
        for (std::int64_t t : trigger_times(*trigger, in))
            if (overlaps(point_span(t), range)) return true;
        return false;
    };
    if (trigger->absolute) return hit(Instance{});
    const std::int64_t reach = trigger_reach(*trigger) + 86400;
    const TimeRange wide{saturating_add(range.start, -reach), saturating_add(range.end, reach)};
    bool found = false;
    InstanceOptions io;
    io.floating_zone = &ctx.zone;
    for_each_instance(ctx.vcalendar, wide, [&](const Instance& in) {
        if (in.component == parent && hit(in)) found = true;
        return !found;
    }, io);
    return found;
}

bool comp_filter_matches(const Context& ctx, const CompFilter& f, const icalcomponent* parent);

// Whether component c satisfies f's conditions (name already checked).
bool component_matches(const Context& ctx, const CompFilter& f, const icalcomponent* c, const icalcomponent* parent,
                       const std::set<const icalcomponent*>* in_range) {
    if (f.time_range) {
        const icalcomponent_kind k = icalcomponent_isa(const_cast<icalcomponent*>(c));
        if (k == ICAL_VALARM_COMPONENT) {
            if (!parent || !alarm_in_range(ctx, parent, c, *f.time_range)) return false;
        } else if (k == ICAL_VCALENDAR_COMPONENT) {
            if (components_in_range(ctx, *f.time_range).empty()) return false;
        } else if (!in_range || !in_range->count(c)) {
            return false;
        }
    }
    for (const PropFilter& pf : f.prop_filters)
        if (!prop_filter_matches(ctx, pf, c)) return false;
    for (const CompFilter& cf : f.comp_filters)
        if (!comp_filter_matches(ctx, cf, c)) return false;
    return true;
}

// RFC 4791 9.7.1 for the children of `parent` named f.name.
bool comp_filter_matches(const Context& ctx, const CompFilter& f, const icalcomponent* parent) {
    auto* p = const_cast<icalcomponent*>(parent);
    std::vector<const icalcomponent*> named;
    for (icalcomponent* c = icalcomponent_get_first_component(p, ICAL_ANY_COMPONENT); c;
         c = icalcomponent_get_next_component(p, ICAL_ANY_COMPONENT))
        if (iequals(component_name(c), f.name)) named.push_back(c);
    if (f.is_not_defined) return named.empty();
    if (named.empty()) return false;
    std::set<const icalcomponent*> in_range;
    const icalcomponent_kind k = icalcomponent_isa(const_cast<icalcomponent*>(named.front()));
    if (f.time_range && k != ICAL_VALARM_COMPONENT) in_range = components_in_range(ctx, *f.time_range);
    return std::any_of(named.begin(), named.end(),
                       [&](const icalcomponent* c) { return component_matches(ctx, f, c, parent, &in_range); });
}

}  // namespace

bool matches(const CalendarFilter& filter, const icalcomponent* vcalendar, const EvalOptions& options) {
    static const CalendarTimeZone kNoZone;
    if (!vcalendar) return false;
    const Context ctx{vcalendar, options.floating_zone ? *options.floating_zone : kNoZone};
    const CompFilter& root = filter.root;
    const bool is_vcalendar = icalcomponent_isa(const_cast<icalcomponent*>(vcalendar)) == ICAL_VCALENDAR_COMPONENT;
    if (!iequals(root.name, "VCALENDAR") || !is_vcalendar) return root.is_not_defined && !is_vcalendar;
    if (root.is_not_defined) return false;
    return component_matches(ctx, root, vcalendar, nullptr, nullptr);
}

std::optional<std::string> index_only_component(const CalendarFilter& filter) {
    const CompFilter& root = filter.root;
    if (!iequals(root.name, "VCALENDAR") || root.is_not_defined || root.time_range || !root.prop_filters.empty() ||
        root.comp_filters.size() != 1)
        return std::nullopt;
    const CompFilter& c = root.comp_filters.front();
    if (c.is_not_defined || !c.time_range || !c.prop_filters.empty() || !c.comp_filters.empty()) return std::nullopt;
    for (const char* kind : {"VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY"})
        if (iequals(c.name, kind)) return std::string(kind);
    return std::nullopt;
}

bool contains_component(std::string_view ics, std::string_view name) {
    std::size_t pos = 0;
    while (pos < ics.size()) {
        std::size_t eol = ics.find('\n', pos);
        if (eol == std::string_view::npos) eol = ics.size();
        std::string_view line = ics.substr(pos, eol - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.size() == 6 + name.size() && iequals(line.substr(0, 6), "BEGIN:") && iequals(line.substr(6), name))
            return true;
        pos = eol + 1;
    }
    return false;
}

}  // namespace calbridge::caldav
