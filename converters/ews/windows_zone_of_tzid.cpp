#include "converters/ews/windows_zone_of_tzid.h"

#include <algorithm>
#include <string>

#include "converters/ical/civil_days.h"
#include "converters/ical/windows_zones.h"

namespace calbridge::ews {

namespace {

int offset_minutes_at(icaltimezone* zone, std::int64_t unix_seconds) {
    icaltimetype t = icaltime_from_timet_with_zone(static_cast<time_t>(unix_seconds), 0, icaltimezone_get_utc_timezone());
    int is_daylight = 0;
    return icaltimezone_get_utc_offset_of_utc_time(zone, &t, &is_daylight) / 60;
}

}  // namespace

std::optional<std::string> windows_zone_of_tzid(std::string_view tzid, icalcomponent* vcalendar, int year) {
    if (auto windows = ical::windows_from_iana(tzid)) return windows;
    if (ical::iana_from_windows(tzid)) return std::string(tzid);
    if (!vcalendar) return std::nullopt;
    const std::string id(tzid);
    icaltimezone* zone = icalcomponent_get_timezone(vcalendar, id.c_str());
    if (!zone) return std::nullopt;
    // The zone's year, sampled daily; each change located to the second by bisection.
    ical::OffsetYear observed;
    observed.year = year;
    const std::int64_t begin = ical::days_from_civil(year, 1, 1) * 86400;
    const std::int64_t end = ical::days_from_civil(year + 1, 1, 1) * 86400;
    observed.offset_at_start = offset_minutes_at(zone, begin);
    int previous = observed.offset_at_start;
    for (std::int64_t day = begin; day < end; day += 86400) {
        const std::int64_t next = std::min(day + 86400, end);
        const int after = offset_minutes_at(zone, next);
        if (after == previous) continue;
        std::int64_t lo = day, hi = next;  // offset(lo) == previous, offset(hi) == after
        while (hi - lo > 1) {
            const std::int64_t mid = lo + (hi - lo) / 2;
            (offset_minutes_at(zone, mid) == previous ? lo : hi) = mid;
        }
        if (hi < end) observed.changes.push_back({hi, after});
        previous = after;
    }
    return ical::windows_zone_matching(observed, tzid);
}

}  // namespace calbridge::ews
