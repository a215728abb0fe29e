#include "converters/mapi/recurrence/recurrence_calendar.h"

#include <unicode/ucal.h>

#include <cctype>
#include <memory>
#include <string>

namespace calbridge::mapi {

std::optional<CalendarMonth> month_in_calendar(std::string_view cldr_calendar, const CivilDateTime& date) {
    std::string locale = "en@calendar=";
    for (char c : cldr_calendar) locale.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    static const UChar kUtc[] = {u'U', u'T', u'C', 0};
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UCalendar, decltype(&ucal_close)> cal(
        ucal_open(kUtc, -1, locale.c_str(), UCAL_DEFAULT, &status), &ucal_close);
    if (U_FAILURE(status) || !cal) return std::nullopt;
    // ICU falls back to Gregorian for calendar names it does not know: detect that.
    const char* type = ucal_getType(cal.get(), &status);
    if (U_FAILURE(status) || type == nullptr || locale.find(type) == std::string::npos) return std::nullopt;

    const CivilDateTime noon{date.year, date.month, date.day, 12, 0, 0};
    ucal_setMillis(cal.get(), static_cast<UDate>(unix_from_civil(noon)) * 1000.0, &status);
    const int month0 = ucal_get(cal.get(), UCAL_MONTH, &status);
    const bool leap = ucal_get(cal.get(), UCAL_IS_LEAP_MONTH, &status) != 0;
    if (U_FAILURE(status)) return std::nullopt;

    if (std::string_view(type) == "hebrew") {
        // ICU numbers Hebrew months 0 = Tishri .. 5 = Adar I .. 12 = Elul in every year;
        // CLDR / RFC 7529 number them 1..12 with Adar I as the leap month "5L".
        if (month0 < 5) return CalendarMonth{month0 + 1, false};
        if (month0 == 5) return CalendarMonth{5, true};
        return CalendarMonth{month0, false};
    }
    return CalendarMonth{month0 + 1, leap};
}

}  // namespace calbridge::mapi
