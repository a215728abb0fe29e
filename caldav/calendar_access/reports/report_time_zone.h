#pragma once
// The zone floating DATE and DATE-TIME values are read in by a calendar REPORT (RFC 4791 9.9):
// the request's CALDAV:timezone (7.8, 9.8), else the collection's CALDAV:calendar-timezone
// (5.2.2), else none (floating read as UTC, caldav/calendar/calendar_time_zone.h).
#include <optional>
#include <string>

#include "caldav/calendar/calendar_time_zone.h"
#include "caldav/store/store.h"

namespace calbridge::caldav {

// Throws xml::RequestError 403 CALDAV:valid-calendar-data when `requested` holds no usable
// VTIMEZONE (RFC 4791 7.8 preconditions). `calendar` may be null.
CalendarTimeZone report_time_zone(const std::optional<std::string>& requested, const Collection* calendar);

}  // namespace calbridge::caldav
