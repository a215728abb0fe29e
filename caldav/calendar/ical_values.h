#pragma once
// Reading DATE / DATE-TIME / DURATION values of libical properties together with their zone
// (TZID resolved against the object's VTIMEZONEs, see calendar_time_zone.h).
#include <libical/ical.h>

#include <cstdint>
#include <optional>

#include "caldav/calendar/calendar_time_zone.h"

namespace calbridge::caldav {

// A DATE or DATE-TIME as written, with the zone its TZID names (nullptr: UTC 'Z', floating,
// DATE, or an unknown TZID, which is then read as floating).
struct ZonedTime {
    icaltimetype local = icaltime_null_time();
    icaltimezone* zone = nullptr;
};

// The DATE / DATE-TIME value of p (DTSTART, DTEND, DUE, RECURRENCE-ID, EXDATE, RDATE, ...);
// nullopt when the value is of another type or not a valid time.
std::optional<ZonedTime> property_time(const icalcomponent* vcalendar, const icalproperty* p);

// The first property of `kind` in `component`, as above.
std::optional<ZonedTime> component_time(const icalcomponent* vcalendar, const icalcomponent* component,
                                        icalproperty_kind kind);

// The DURATION property of component; nullopt when absent or unreadable.
std::optional<icaldurationtype> component_duration(const icalcomponent* component);

// Whether a libical time holds a usable date (libical returns null or invalid times on bad input).
bool is_usable_time(const icaltimetype& t);

// Moves a wall time by a DURATION: weeks and days as nominal days, hours/minutes/seconds
// exactly (RFC 5545 3.3.6). Returns UTC seconds; `start` is the UTC of `local`.
std::int64_t add_duration(const ZonedTime& local, std::int64_t start_utc, const icaldurationtype& d,
                          const CalendarTimeZone& floating_zone);

// Signed seconds of a duration, counting a day as 86400 s.
std::int64_t duration_seconds(const icaldurationtype& d);

}  // namespace calbridge::caldav
