#pragma once
// Month of a date in a non-Gregorian calendar, through ICU (the same calendar engine libical
// uses to evaluate RSCALE rules, RFC 7529), for yearly recurrences in those calendars.
#include <optional>
#include <string_view>

#include "converters/mapi/time_units.h"

namespace calbridge::mapi {

struct CalendarMonth {
    int month = 0;       // 1-based, numbered as RFC 7529 / CLDR number them (Hebrew: 1 = Tishri)
    bool leap = false;   // a leap month ("5L" in RFC 7529): Hebrew Adar I, Chinese/Dangi leap months
};

// `cldr_calendar` is an RFC 7529 RSCALE name ("HEBREW", "ISLAMIC-CIVIL", ...). Returns nullopt
// if ICU does not know the calendar.
std::optional<CalendarMonth> month_in_calendar(std::string_view cldr_calendar, const CivilDateTime& gregorian_date);

}  // namespace calbridge::mapi
