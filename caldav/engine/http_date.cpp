#include "caldav/engine/http_date.h"

#include <cstdio>

#include "caldav/calendar/civil_time.h"

namespace calbridge::caldav {

namespace {

struct Parts {
    CivilDate date;
    int weekday, hour, minute, second;
};

Parts split(std::int64_t t) {
    std::int64_t days = t / 86400;
    std::int64_t secs = t % 86400;
    if (secs < 0) {
        secs += 86400;
        --days;
    }
    return {civil_from_days(days), weekday_from_days(days), static_cast<int>(secs / 3600),
            static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60)};
}

}  // namespace

std::string http_date(std::int64_t unix_seconds) {
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const Parts p = split(unix_seconds);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[p.weekday], p.date.day,
                  kMonths[p.date.month - 1], p.date.year, p.hour, p.minute, p.second);
    return buf;
}

std::string rfc3339_date(std::int64_t unix_seconds) {
    const Parts p = split(unix_seconds);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", p.date.year, p.date.month, p.date.day, p.hour,
                  p.minute, p.second);
    return buf;
}

}  // namespace calbridge::caldav
