#pragma once
// Time zones for the calendar logic: the zone that floating times and dates are evaluated in
// (RFC 4791 9.9 and 5.2.2 CALDAV:calendar-timezone), and the conversion of an iCalendar
// DATE / DATE-TIME to UTC seconds with RFC 5545 3.3.5's rules for ambiguous and nonexistent
// local times (libical 3.0.16 reads a time in the DST overlap hour as standard time; RFC 5545
// says it is the first occurrence, i.e. daylight time).
#include <libical/ical.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>


namespace calbridge::caldav {

// The zone floating values are evaluated in. Empty (has_zone() false) means "no zone known":
// the span computation then widens floating spans by +/-14 h and marks them open, and the exact
// evaluation reads floating values as UTC.
class CalendarTimeZone {
public:
    CalendarTimeZone() = default;
    // From the text of CALDAV:calendar-timezone (a VCALENDAR holding one VTIMEZONE) or of a
    // calendar-query's CALDAV:timezone element. Empty when the text holds no usable VTIMEZONE.
    static CalendarTimeZone from_vcalendar_text(std::string_view text);
    // From an IANA/Olson id that libical knows ("Europe/Berlin"); empty when unknown.
    static CalendarTimeZone from_tzid(std::string_view tzid);

    bool has_zone() const { return zone_ != nullptr; }
    icaltimezone* zone() const { return zone_; }

private:
    std::shared_ptr<icaltimezone> own_zone_;   // a zone built from a VTIMEZONE (owns its component)
    icaltimezone* zone_ = nullptr;        // builtin zones belong to libical
};

// The zone a value with TZID=tzid refers to: libical's Olson zone of that name (clients such as
// DAVx5 omit VTIMEZONE for known ids, RFC 7809), then a Windows zone name through CLDR
// (Outlook), then the object's own VTIMEZONE (RFC 5545 3.2.19) for any other name. For Olson
// and Windows names the system tzdata is preferred over the object's VTIMEZONE: one shared,
// expanded zone instead of expanding each object's copy (milliseconds per PUT in libical).
// nullptr when unknown; the value is then treated as floating.
icaltimezone* resolve_tzid(const icalcomponent* vcalendar, const char* tzid);

// A property value converted to the UTC time line.
struct UtcTime {
    std::int64_t seconds = 0;   // unix seconds
    bool floating = false;      // a DATE, or a DATE-TIME without TZID and without 'Z' (or an unknown TZID)
    bool is_date = false;
};

// Converts a local wall time in `zone` to UTC (RFC 5545 3.3.5): in an overlap the first
// occurrence (the earlier UTC instant), in a gap the UTC offset before the gap.
std::int64_t local_to_utc(icaltimezone* zone, const icaltimetype& local);

// Converts t (whose zone libical set from TZID, or which is UTC, or floating) to UTC seconds.
// `zone` is t's zone (nullptr for floating/UTC); floating values use `floating_zone` when it
// has a zone, else they are read as UTC.
UtcTime to_utc(const icaltimetype& t, icaltimezone* zone, const CalendarTimeZone& floating_zone);

}  // namespace calbridge::caldav
