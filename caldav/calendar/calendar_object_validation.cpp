#include "caldav/calendar/calendar_object_validation.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>

#include "caldav/calendar/ical_values.h"
#include "caldav/calendar/time_spans.h"
#include "caldav/http_message.h"

namespace calbridge::caldav {

namespace {

// Nesting deeper than VCALENDAR > VTIMEZONE > STANDARD > X-... is never legitimate; libical
// recurses over the tree, so hostile depth is refused before parsing.
constexpr int kMaxDepth = 8;
constexpr std::size_t kMaxComponents = 50000;

// libical's name of a component kind; "" for kinds it has no name for (unknown IANA names).
std::string kind_name(icalcomponent_kind k) {
    const char* n = icalcomponent_kind_to_string(k);
    return n ? n : "";
}

struct Failure {
    CalendarPrecondition precondition;
    std::string message;
};

bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = 0;
        std::uint32_t cp = 0;
        if (c < 0x80) { ++i; continue; }
        if ((c & 0xE0) == 0xC0) n = 1, cp = c & 0x1F;
        else if ((c & 0xF0) == 0xE0) n = 2, cp = c & 0x0F;
        else if ((c & 0xF8) == 0xF0) n = 3, cp = c & 0x07;
        else return false;
        if (i + n >= s.size()) return false;
        for (std::size_t k = 1; k <= n; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8 (RFC 3629 3).
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += n + 1;
    }
    return true;
}

// One pass over the content lines: the BEGIN/END structure, before libical sees the text.
std::optional<Failure> check_structure(std::string_view text) {
    int depth = 0;
    std::size_t components = 0;
    std::size_t pos = 0;
    bool first = true;
    while (pos < text.size()) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) continue;
        if (first) {
            if (!iequals(line, "BEGIN:VCALENDAR"))
                return Failure{CalendarPrecondition::valid_calendar_data, "the body does not start with BEGIN:VCALENDAR"};
            first = false;
        }
        if (line.size() >= 6 && iequals(line.substr(0, 6), "BEGIN:")) {
            if (depth == 0 && components > 0)
                return Failure{CalendarPrecondition::valid_calendar_data, "more than one VCALENDAR in the body"};
            if (++depth > kMaxDepth)
                return Failure{CalendarPrecondition::valid_calendar_data, "components nested too deeply"};
            if (++components > kMaxComponents)
                return Failure{CalendarPrecondition::valid_calendar_data, "too many components"};
        } else if (line.size() >= 4 && iequals(line.substr(0, 4), "END:")) {
            if (--depth < 0) return Failure{CalendarPrecondition::valid_calendar_data, "END without BEGIN"};
        }
    }
    if (first) return Failure{CalendarPrecondition::valid_calendar_data, "empty body"};
    if (depth != 0) return Failure{CalendarPrecondition::valid_calendar_data, "a component is not closed with END"};
    return std::nullopt;
}

// A property name libical does not know (RFC 5545 3.8.8.2 iana-prop, e.g. a newer RFC's):
// allowed, and ignored as RFC 5545 3.8.8.2 says; libical reports it as PROPERTY-PARSE-ERROR.
bool is_unknown_property_name(icalproperty* error) {
    const icalparameter* type = icalproperty_get_first_parameter(error, ICAL_XLICERRORTYPE_PARAMETER);
    const char* text = icalproperty_get_xlicerror(error);
    return type && icalparameter_get_xlicerrortype(type) == ICAL_XLICERRORTYPE_PROPERTYPARSEERROR && text &&
           std::string_view(text).find("Parse error in property name") != std::string_view::npos;
}

// libical reports what it could not parse as X-LIC-ERROR properties where the error occurred.
std::optional<std::string> first_parse_error(icalcomponent* c) {
    for (icalproperty* e = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); e;
         e = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
        if (is_unknown_property_name(e)) continue;
        const char* text = icalproperty_get_xlicerror(e);
        return kind_name(icalcomponent_isa(c)) + ": " + (text ? text : "parse error");
    }
    for (icalcomponent* child = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); child;
         child = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
        if (auto e = first_parse_error(child)) return e;
    return std::nullopt;
}

bool is_instance_kind(icalcomponent_kind k) {
    return k == ICAL_VEVENT_COMPONENT || k == ICAL_VTODO_COMPONENT || k == ICAL_VJOURNAL_COMPONENT ||
           k == ICAL_VFREEBUSY_COMPONENT;
}

std::string describe(const icalcomponent* c, std::size_t index) {
    return kind_name(icalcomponent_isa(const_cast<icalcomponent*>(c))) + " " +
           std::to_string(index + 1);
}

// RFC 5545 3.6.1 / 3.6.2 / 3.8.2: the date rules of one component.
std::optional<Failure> check_times(const icalcomponent* vcal, const icalcomponent* c, const std::string& where) {
    auto* comp = const_cast<icalcomponent*>(c);
    const icalcomponent_kind kind = icalcomponent_isa(comp);
    const auto bad = [&](const std::string& what) { return Failure{CalendarPrecondition::valid_calendar_data, where + ": " + what}; };
    const auto present = [&](icalproperty_kind k) { return icalcomponent_get_first_property(comp, k) != nullptr; };
    auto dtstart = component_time(vcal, c, ICAL_DTSTART_PROPERTY);
    if (present(ICAL_DTSTART_PROPERTY) && !dtstart) return bad("DTSTART is not a DATE or DATE-TIME");
    static const CalendarTimeZone kUtc;
    if (kind == ICAL_VEVENT_COMPONENT) {
        // RFC 5545 3.6.1: DTSTART is required when the object has no METHOD (always, in CalDAV).
        if (!dtstart)
            return Failure{CalendarPrecondition::valid_calendar_object_resource, where + ": DTSTART is missing"};
        if (present(ICAL_DTEND_PROPERTY) && present(ICAL_DURATION_PROPERTY)) return bad("both DTEND and DURATION");
        if (present(ICAL_DTEND_PROPERTY)) {
            auto dtend = component_time(vcal, c, ICAL_DTEND_PROPERTY);
            if (!dtend) return bad("DTEND is not a DATE or DATE-TIME");
            if (dtend->local.is_date != dtstart->local.is_date) return bad("DTEND and DTSTART have different value types");
            const auto s = to_utc(dtstart->local, dtstart->zone, kUtc).seconds;
            const auto e = to_utc(dtend->local, dtend->zone, kUtc).seconds;
            // Floating values are compared as UTC; zoned ones exactly. DTEND == DTSTART is sent
            // by real clients for zero-length events and accepted.
            if (e < s) return bad("DTEND is before DTSTART");
        }
        if (present(ICAL_DURATION_PROPERTY)) {
            auto d = component_duration(c);
            if (!d) return bad("DURATION is not a duration");
            if (d->is_neg && duration_seconds(*d) != 0) return bad("DURATION is negative");
        }
    }
    if (kind == ICAL_VTODO_COMPONENT) {
        if (present(ICAL_DUE_PROPERTY) && present(ICAL_DURATION_PROPERTY)) return bad("both DUE and DURATION");
        if (present(ICAL_DURATION_PROPERTY) && !dtstart) return bad("DURATION without DTSTART");
        if (present(ICAL_DUE_PROPERTY)) {
            auto due = component_time(vcal, c, ICAL_DUE_PROPERTY);
            if (!due) return bad("DUE is not a DATE or DATE-TIME");
            if (dtstart) {
                if (due->local.is_date != dtstart->local.is_date) return bad("DUE and DTSTART have different value types");
                if (to_utc(due->local, due->zone, kUtc).seconds < to_utc(dtstart->local, dtstart->zone, kUtc).seconds)
                    return bad("DUE is before DTSTART");
            }
        }
        if (present(ICAL_DURATION_PROPERTY)) {
            auto d = component_duration(c);
            if (!d) return bad("DURATION is not a duration");
            if (d->is_neg && duration_seconds(*d) != 0) return bad("DURATION is negative");
        }
    }
    if ((present(ICAL_RRULE_PROPERTY) || present(ICAL_RDATE_PROPERTY)) && !dtstart)
        return bad("RRULE or RDATE without DTSTART");
    for (icalproperty* p = icalcomponent_get_first_property(comp, ICAL_RRULE_PROPERTY); p;
         p = icalcomponent_get_next_property(comp, ICAL_RRULE_PROPERTY)) {
        const icalrecurrencetype r = icalproperty_get_rrule(p);
        if (r.freq == ICAL_NO_RECURRENCE) return bad("RRULE without a valid FREQ");
        if (r.count > 0 && !icaltime_is_null_time(r.until)) return bad("RRULE with both COUNT and UNTIL");
        if (r.interval < 1) return bad("RRULE INTERVAL must be positive");
    }
    return std::nullopt;
}

std::optional<Failure> check_object(const icalcomponent* vcal, const ValidationOptions& options, ValidatedObject& out) {
    auto* root = const_cast<icalcomponent*>(vcal);
    if (icalcomponent_isa(root) != ICAL_VCALENDAR_COMPONENT)
        return Failure{CalendarPrecondition::valid_calendar_data, "the body is not one VCALENDAR"};
    if (auto e = first_parse_error(root)) return Failure{CalendarPrecondition::valid_calendar_data, *e};
    // RFC 5545 3.6: VERSION is required (PRODID too, but clients omit it: accepted).
    icalproperty* version = icalcomponent_get_first_property(root, ICAL_VERSION_PROPERTY);
    const char* v = version ? icalproperty_get_version(version) : nullptr;
    if (!v || std::string_view(v) != "2.0")
        return Failure{CalendarPrecondition::valid_calendar_data, "VERSION:2.0 is missing"};
    // RFC 4791 4.1: calendar object resources MUST NOT specify METHOD.
    if (icalcomponent_get_first_property(root, ICAL_METHOD_PROPERTY))
        return Failure{CalendarPrecondition::valid_calendar_object_resource, "METHOD is not allowed in a calendar object resource"};

    std::vector<const icalcomponent*> instances;
    std::set<std::string> kinds;
    for (icalcomponent* c = icalcomponent_get_first_component(root, ICAL_ANY_COMPONENT); c;
         c = icalcomponent_get_next_component(root, ICAL_ANY_COMPONENT)) {
        const icalcomponent_kind k = icalcomponent_isa(c);
        // X- and unknown IANA components (RFC 5545 3.6 x-comp / iana-comp): kept, ignored.
        if (k == ICAL_VTIMEZONE_COMPONENT || k == ICAL_X_COMPONENT || kind_name(k).empty()) continue;
        kinds.insert(kind_name(k));
        if (is_instance_kind(k)) instances.push_back(c);
    }
    if (kinds.empty()) return Failure{CalendarPrecondition::valid_calendar_data, "the VCALENDAR holds no component"};
    if (kinds.size() > 1) {
        std::string list;
        for (const auto& k : kinds) list += (list.empty() ? "" : ", ") + k;
        return Failure{CalendarPrecondition::valid_calendar_object_resource, "component types mixed: " + list};
    }
    out.component = *kinds.begin();
    const std::vector<std::string> default_set{"VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY"};
    const auto& supported = options.supported_components.empty() ? default_set : options.supported_components;
    if (std::none_of(supported.begin(), supported.end(), [&](const std::string& s) { return iequals(s, out.component); }))
        return Failure{CalendarPrecondition::supported_calendar_component,
                       out.component + " is not in the calendar's supported-calendar-component-set"};
    if (instances.empty())
        return Failure{CalendarPrecondition::supported_calendar_component, out.component + " is not supported"};

    // RFC 4791 4.1: one UID; at most one master; overrides with distinct RECURRENCE-IDs.
    bool has_master = false;
    std::set<std::int64_t> recurrence_ids;
    static const CalendarTimeZone kUtc;
    for (std::size_t i = 0; i < instances.size(); ++i) {
        const icalcomponent* c = instances[i];
        const std::string where = describe(c, i);
        const char* uid = icalcomponent_get_uid(const_cast<icalcomponent*>(c));
        if (!uid || !*uid) return Failure{CalendarPrecondition::valid_calendar_object_resource, where + ": UID is missing"};
        if (out.uid.empty()) out.uid = uid;
        else if (out.uid != uid)
            return Failure{CalendarPrecondition::valid_calendar_object_resource,
                           where + ": UID " + uid + " differs from " + out.uid + " (one UID per resource)"};
        if (icalcomponent_count_properties(const_cast<icalcomponent*>(c), ICAL_UID_PROPERTY) > 1)
            return Failure{CalendarPrecondition::valid_calendar_data, where + ": more than one UID"};
        icalproperty* rid = icalcomponent_get_first_property(const_cast<icalcomponent*>(c), ICAL_RECURRENCEID_PROPERTY);
        if (rid) {
            auto t = property_time(vcal, rid);
            if (!t) return Failure{CalendarPrecondition::valid_calendar_data, where + ": RECURRENCE-ID is not a date"};
            if (!recurrence_ids.insert(to_utc(t->local, t->zone, kUtc).seconds).second)
                return Failure{CalendarPrecondition::valid_calendar_object_resource, where + ": RECURRENCE-ID repeated"};
        } else {
            if (has_master)
                return Failure{CalendarPrecondition::valid_calendar_object_resource,
                               where + ": a second component without RECURRENCE-ID for UID " + out.uid};
            has_master = true;
        }
        if (auto f = check_times(vcal, c, where)) return f;
    }
    return std::nullopt;
}

}  // namespace

const char* element_name(CalendarPrecondition p) {
    switch (p) {
        case CalendarPrecondition::valid_calendar_data: return "valid-calendar-data";
        case CalendarPrecondition::valid_calendar_object_resource: return "valid-calendar-object-resource";
        case CalendarPrecondition::supported_calendar_component: return "supported-calendar-component";
        case CalendarPrecondition::max_resource_size: return "max-resource-size";
    }
    return "valid-calendar-data";
}

ValidationResult validate_calendar_object(std::string_view body, const ValidationOptions& options) {
    ValidationResult result;
    const auto fail = [&](CalendarPrecondition p, std::string message) {
        result.error = CalendarObjectError{p, std::move(message)};
        return std::move(result);
    };
    if (body.size() > options.max_resource_size)
        return fail(CalendarPrecondition::max_resource_size,
                    "the body has " + std::to_string(body.size()) + " bytes, more than " +
                        std::to_string(options.max_resource_size));
    std::string_view text = body;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);   // a UTF-8 byte order mark
    if (text.find('\0') != std::string_view::npos)
        return fail(CalendarPrecondition::valid_calendar_data, "the body contains a NUL byte");
    if (!valid_utf8(text)) return fail(CalendarPrecondition::valid_calendar_data, "the body is not valid UTF-8");
    if (auto f = check_structure(text)) return fail(f->precondition, f->message);

    ical::ComponentPtr parsed = ical::parse_ics(std::string(text));
    if (!parsed) return fail(CalendarPrecondition::valid_calendar_data, "libical could not parse the body");
    ValidatedObject object;
    if (auto f = check_object(parsed.get(), options, object)) return fail(f->precondition, f->message);
    SpanOptions so;
    so.floating_zone = options.floating_zone;
    object.spans = compute_spans(parsed.get(), so);
    object.vcalendar = std::move(parsed);
    result.object = std::move(object);
    return result;
}

}  // namespace calbridge::caldav
