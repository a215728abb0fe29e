#pragma once
// Civil (time-zone free) date arithmetic for iCalendar values: DATEs and floating times are
// moved by nominal days (RFC 5545 3.3.6) before any zone is applied.
#include <libical/ical.h>

#include <cstdint>
#include <limits>

#include "converters/ical/civil_days.h"

namespace calbridge::caldav {

struct CivilDate {
    int year = 1970, month = 1, day = 1;
};

// Inverse of ical::days_from_civil (H. Hinnant's civil_from_days).
constexpr CivilDate civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

// 0 = Sunday ... 6 = Saturday (the numbering of libical's icalrecurrencetype_weekday - 1).
constexpr int weekday_from_days(std::int64_t z) {
    return static_cast<int>(z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6);
}

inline std::int64_t days_of(const icaltimetype& t) { return ical::days_from_civil(t.year, t.month, t.day); }

// Seconds since 1970-01-01T00:00:00 of the wall-clock fields of t, ignoring any zone.
inline std::int64_t civil_seconds(const icaltimetype& t) {
    const std::int64_t secs = t.is_date ? 0 : t.hour * 3600 + t.minute * 60 + t.second;
    return days_of(t) * 86400 + secs;
}

// t moved by `days` calendar days, wall-clock fields otherwise unchanged.
inline icaltimetype add_days(icaltimetype t, std::int64_t days) {
    const CivilDate c = civil_from_days(days_of(t) + days);
    t.year = c.year;
    t.month = c.month;
    t.day = c.day;
    return t;
}

// Saturating arithmetic on the time line (kTimeMin/kTimeMax stand for -/+ infinity).
inline std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
    std::int64_t r = 0;
    if (__builtin_add_overflow(a, b, &r))
        return b > 0 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
    return r;
}

}  // namespace calbridge::caldav
