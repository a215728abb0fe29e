#pragma once
// Time units of the MAPI formats.
//  - FILETIME: 100 ns ticks since 1601-01-01 UTC (MS-DTYP 2.3.3).
//  - "MAPI minutes": minutes since 1601-01-01 00:00, used by the recurrence blob in the
//    appointment's local time (MS-OXOCAL 2.2.1.44.1).
// Civil dates are proleptic Gregorian.
#include <cstdint>

#include "converters/ical/civil_days.h"
#include "converters/mapi/property_bag.h"

namespace calbridge::mapi {

struct CivilDateTime {
    int year = 1601, month = 1, day = 1, hour = 0, minute = 0, second = 0;
    friend bool operator==(const CivilDateTime&, const CivilDateTime&) = default;
};

constexpr std::int64_t kTicksPerSecond = 10'000'000;
constexpr std::int64_t kSecondsFrom1601To1970 = 11'644'473'600;

using ical::days_from_civil;

CivilDateTime civil_from_unix(std::int64_t unix_seconds);
std::int64_t unix_from_civil(const CivilDateTime& t);

inline std::int64_t unix_from_filetime(FileTime ft) {
    return static_cast<std::int64_t>(ft.ticks / kTicksPerSecond) - kSecondsFrom1601To1970;
}
inline FileTime filetime_from_unix(std::int64_t unix_seconds) {
    return FileTime{static_cast<std::uint64_t>(unix_seconds + kSecondsFrom1601To1970) *
                    static_cast<std::uint64_t>(kTicksPerSecond)};
}
// Minutes since 1601-01-01 (local wall clock in the recurrence blob) <-> civil time.
CivilDateTime civil_from_mapi_minutes(std::uint32_t minutes);
std::uint32_t mapi_minutes_from_civil(const CivilDateTime& t);

// 0 = Sunday ... 6 = Saturday.
int weekday(int y, int m, int d);

}  // namespace calbridge::mapi
