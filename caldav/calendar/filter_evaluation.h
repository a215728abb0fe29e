#pragma once
// Evaluation of a calendar-query CALDAV:filter against one calendar object (RFC 4791 9.7.1 -
// 9.7.5, time ranges per 9.9).
//
// Semantics chosen where the RFC leaves room (the same as sabre/dav's validator, made exact):
//   - A comp-filter on a component name matches when at least one component of that name
//     matches all its conditions. For a recurring VEVENT/VTODO the master and each override are
//     separate components; the time-range of a comp-filter is tested on the instances a
//     component defines (the master's instances minus those its overrides replace), with
//     RRULE/RDATE/EXDATE applied (for_each_instance), so "SUMMARY contains X and in range R"
//     needs one component with both.
//   - A VALARM comp-filter with time-range tests the alarm's trigger times (with REPEAT and
//     DURATION) of every instance of the component that holds it (9.9 VALARM).
//   - A prop-filter time-range tests the property's own value (DTSTART, DUE, COMPLETED, ...)
//     as written on the component, not per instance: (start <= value AND end > value), a
//     DATE value as a day (9.9 last paragraph).
//   - Multi-valued properties (CATEGORIES, RESOURCES, ...) and repeated properties match when
//     any one value matches (9.7.5). Multi-valued parameters likewise, but libical 3.0.16 keeps
//     only the first value of one (DELEGATED-FROM="a","b" reads as "a").
//   - Floating values are evaluated in EvalOptions::floating_zone, else as UTC.
#include <libical/ical.h>

#include <optional>
#include <string>
#include <string_view>

#include "caldav/calendar/calendar_time_zone.h"
#include "caldav/filter/calendar_filter.h"

namespace calbridge::caldav {

struct EvalOptions {
    // The request's CALDAV:timezone, else the collection's CALDAV:calendar-timezone (9.9).
    const CalendarTimeZone* floating_zone = nullptr;
};

bool matches(const CalendarFilter& filter, const icalcomponent* vcalendar, const EvalOptions& options = {});

// The fast path: when the filter is only a time-range on VCALENDAR > one component type (no
// prop, param or nested comp filters, no is-not-defined), that type ("VEVENT"); else nullopt.
// For such a filter an object the index matched through a non-open span
// (RangeMatch.needs_expansion false) matches exactly when it holds that component type
// (contains_component; the Store does not know the type), and an object the index did not
// return does not match (time_spans.h says when spans are exact).
std::optional<std::string> index_only_component(const CalendarFilter& filter);

// Whether the iCalendar text has a "BEGIN:<name>" content line (a cheap type test on stored,
// validated data; folded lines and escaped TEXT cannot fake one).
bool contains_component(std::string_view ics, std::string_view name);

}  // namespace calbridge::caldav
