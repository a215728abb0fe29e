#include "caldav/calendar_access/reports/report_time_zone.h"

#include "caldav/xml/error.h"

namespace calbridge::caldav {

CalendarTimeZone report_time_zone(const std::optional<std::string>& requested, const Collection* calendar) {
    if (requested) {
        CalendarTimeZone zone = CalendarTimeZone::from_vcalendar_text(*requested);
        if (!zone.has_zone())
            xml::precondition_failed(xml::caldav_name("valid-calendar-data"),
                                     "CALDAV:timezone must hold a VCALENDAR with one VTIMEZONE (RFC 4791 9.8)");
        return zone;
    }
    if (calendar && !calendar->props.timezone.empty()) return CalendarTimeZone::from_vcalendar_text(calendar->props.timezone);
    return {};
}

}  // namespace calbridge::caldav
