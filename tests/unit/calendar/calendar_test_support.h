#pragma once
// Helpers for the tests of caldav/calendar: iCalendar text built from lines, UTC seconds from
// civil fields, instances collected from for_each_instance, filters built in a few words.
#include <catch2/catch.hpp>
#include <libical/ical.h>

#include <cstdint>
#include <string>
#include <vector>

#include "caldav/calendar/calendar_object_validation.h"
#include "caldav/calendar/filter_evaluation.h"
#include "caldav/calendar/instance_iterator.h"
#include "caldav/calendar/time_spans.h"
#include "converters/ical/civil_days.h"
#include "converters/ical/ical_ptr.h"

namespace caltest {

using namespace calbridge;
using namespace calbridge::caldav;

inline std::int64_t utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
    return ical::days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

// Lines joined with CRLF.
inline std::string crlf(const std::string& lf_text) {
    std::string out;
    for (char c : lf_text) {
        if (c == '\n') out += "\r\n";
        else out += c;
    }
    return out;
}

// A VCALENDAR around the given component lines (LF in the literal, CRLF in the result).
inline std::string vcal(const std::string& inner) {
    return crlf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//calbridge tests//EN\n" + inner + "END:VCALENDAR\n");
}

inline ical::ComponentPtr parse(const std::string& text) {
    auto c = ical::parse_ics(text);
    REQUIRE(c);
    return c;
}

struct Seen {
    std::int64_t start, end, recurrence_id;
    std::string summary;
    bool open;
    std::string range_override_summary;   // SUMMARY of Instance::range_override, "" when none
};

inline std::vector<Seen> instances(const std::string& text, TimeRange range = {}, const CalendarTimeZone* zone = nullptr) {
    auto cal = parse(text);
    std::vector<Seen> out;
    InstanceOptions io;
    io.floating_zone = zone;
    for_each_instance(cal.get(), range, [&](const Instance& in) {
        const char* s = icalcomponent_get_summary(const_cast<icalcomponent*>(in.component));
        const char* r = in.range_override ? icalcomponent_get_summary(const_cast<icalcomponent*>(in.range_override)) : nullptr;
        out.push_back({in.start, in.end, in.recurrence_id, s ? s : "", in.match.open, r ? r : ""});
        return true;
    }, io);
    return out;
}

inline std::vector<std::int64_t> starts(const std::vector<Seen>& v) {
    std::vector<std::int64_t> out;
    for (const auto& s : v) out.push_back(s.start);
    return out;
}

// VCALENDAR > <component> with a time-range [start, end).
inline CalendarFilter range_filter(const std::string& component, std::int64_t start, std::int64_t end) {
    CalendarFilter f;
    f.root.name = "VCALENDAR";
    CompFilter c;
    c.name = component;
    c.time_range = TimeRange{start, end};
    f.root.comp_filters.push_back(c);
    return f;
}

inline bool query(const std::string& text, const CalendarFilter& f, const CalendarTimeZone* zone = nullptr) {
    auto cal = parse(text);
    EvalOptions o;
    o.floating_zone = zone;
    return matches(f, cal.get(), o);
}

// Whether any index span of the object overlaps [start, end) by the Store's rule.
inline bool index_hit(const std::vector<TimeSpan>& spans, std::int64_t start, std::int64_t end) {
    for (const auto& s : spans)
        if (overlaps(s, TimeRange{start, end})) return true;
    return false;
}

// Europe/Berlin as Apple and Thunderbird send it.
inline const char* kBerlinVtimezone =
    "BEGIN:VTIMEZONE\n"
    "TZID:Europe/Berlin\n"
    "BEGIN:DAYLIGHT\n"
    "TZOFFSETFROM:+0100\n"
    "TZOFFSETTO:+0200\n"
    "TZNAME:CEST\n"
    "DTSTART:19700329T020000\n"
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\n"
    "END:DAYLIGHT\n"
    "BEGIN:STANDARD\n"
    "TZOFFSETFROM:+0200\n"
    "TZOFFSETTO:+0100\n"
    "TZNAME:CET\n"
    "DTSTART:19701025T030000\n"
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\n"
    "END:STANDARD\n"
    "END:VTIMEZONE\n";

}  // namespace caltest
