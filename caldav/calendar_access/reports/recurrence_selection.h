#pragma once
// The recurrence parts of a calendar-data request (RFC 4791 9.6.5-9.6.7), on a parsed object.
// All three use the one expansion of caldav/calendar (for_each_instance).
#include <libical/ical.h>

#include <optional>

#include "caldav/calendar/calendar_time_zone.h"
#include "caldav/filter/calendar_filter.h"
#include "converters/ical/ical_ptr.h"

namespace calbridge::caldav {

// 9.6.5 CALDAV:expand: a VCALENDAR with the calendar's own properties and one component per
// instance that overlaps `range` (9.9), each a copy of the master or override defining it with
// DTSTART/DTEND/DUE of that instance and, for an instance of a series, its RECURRENCE-ID; no
// RRULE, RDATE, EXRULE or EXDATE; no VTIMEZONE; every DATE-TIME in UTC (floating ones through
// floating_zone, else read as UTC). DATE values stay DATEs (they have no time zone).
ical::ComponentPtr expand_instances(const icalcomponent* vcalendar, const TimeRange& range,
                                    const CalendarTimeZone& floating_zone);

// 9.6.6 CALDAV:limit-recurrence-set: the object with only those overridden components
// (RECURRENCE-ID) whose instance overlaps `recurrence`, plus THISANDFUTURE overrides that start
// before its end (they move instances inside it). Masters and everything else stay.
// 9.6.7 CALDAV:limit-freebusy-set: in VFREEBUSY components only the FREEBUSY properties with a
// period overlapping `freebusy`.
ical::ComponentPtr limit_sets(const icalcomponent* vcalendar, const std::optional<TimeRange>& recurrence,
                              const std::optional<TimeRange>& freebusy, const CalendarTimeZone& floating_zone);

}  // namespace calbridge::caldav
