#pragma once
// The busy time of calendar objects for CALDAV:free-busy-query (RFC 4791 7.10), as FREEBUSY
// periods of a VFREEBUSY (RFC 5545 3.6.4, 3.8.2.6):
//   - each VEVENT instance overlapping the range (for_each_instance, 9.9) that blocks time:
//     not TRANSP:TRANSPARENT, not STATUS:CANCELLED, not X-MICROSOFT-CDO-BUSYSTATUS:FREE (the
//     Outlook busy status that PST imports and Outlook clients carry); FBTYPE BUSY-UNAVAILABLE
//     for X-MICROSOFT-CDO-BUSYSTATUS:OOF, BUSY-TENTATIVE for STATUS:TENTATIVE or
//     X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE, else BUSY (WORKINGELSEWHERE too: iCalendar has no
//     FBTYPE for it, and the time is not free). Instances without duration block nothing.
//     Each instance is judged by the component that defines it: an override by its own
//     properties (RFC 5545 3.8.4.4: it inherits nothing from the master), an instance after a
//     RANGE=THISANDFUTURE override by that override.
//   - each FREEBUSY period of a stored VFREEBUSY with its FBTYPE (default BUSY; FREE skipped).
// Periods are clipped to the range, then merged per FBTYPE (overlapping or adjacent periods of
// one type become one).
#include <libical/ical.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "caldav/calendar/calendar_time_zone.h"
#include "caldav/filter/calendar_filter.h"
#include "caldav/store/store.h"

namespace calbridge::caldav {

enum class BusyType { busy, busy_tentative, busy_unavailable };

struct BusyPeriod {
    std::int64_t start = 0;   // UTC seconds
    std::int64_t end = 0;
    BusyType type = BusyType::busy;
    bool operator==(const BusyPeriod&) const = default;
};

void collect_busy_periods(const icalcomponent* vcalendar, const TimeRange& range,
                          const CalendarTimeZone& floating_zone, std::vector<BusyPeriod>& out);

// The same for every object of a calendar collection that the Store's time-range index finds in
// range, floating values read in the calendar's CALDAV:calendar-timezone (RFC 4791 7.10).
// Returns how many objects were read.
std::size_t collect_calendar_busy_periods(Store& store, const Collection& calendar, const TimeRange& range,
                                          std::vector<BusyPeriod>& out);

// Sorted by type then start, overlapping/adjacent periods of one type merged.
std::vector<BusyPeriod> merge_busy_periods(std::vector<BusyPeriod> periods);

// The text/calendar body: VCALENDAR > VFREEBUSY with DTSTAMP (now), UID when one is given,
// DTSTART/DTEND of the range (each only when that side is bounded) and one FREEBUSY line per
// period, in UTC, by start. Lines end with CRLF (RFC 5545 3.1).
std::string free_busy_calendar(const std::vector<BusyPeriod>& merged, const TimeRange& range, std::int64_t now,
                               std::string_view product_id, std::string_view uid = {});

// "20060104T140000Z"
std::string format_utc(std::int64_t seconds);

}  // namespace calbridge::caldav
