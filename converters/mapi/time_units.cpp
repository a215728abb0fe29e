#include "converters/mapi/time_units.h"

namespace calbridge::mapi {

namespace {
constexpr std::int64_t kMinutesFrom1601To1970 = kSecondsFrom1601To1970 / 60;

void civil_from_days(std::int64_t z, int& y, int& m, int& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2));
}
}  // namespace

CivilDateTime civil_from_unix(std::int64_t s) {
    std::int64_t days = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
    std::int64_t rem = s - days * 86400;
    CivilDateTime t;
    civil_from_days(days, t.year, t.month, t.day);
    t.hour = static_cast<int>(rem / 3600);
    t.minute = static_cast<int>(rem % 3600 / 60);
    t.second = static_cast<int>(rem % 60);
    return t;
}

std::int64_t unix_from_civil(const CivilDateTime& t) {
    return days_from_civil(t.year, t.month, t.day) * 86400 + t.hour * 3600 + t.minute * 60 + t.second;
}

CivilDateTime civil_from_mapi_minutes(std::uint32_t minutes) {
    return civil_from_unix((static_cast<std::int64_t>(minutes) - kMinutesFrom1601To1970) * 60);
}

std::uint32_t mapi_minutes_from_civil(const CivilDateTime& t) {
    return static_cast<std::uint32_t>(unix_from_civil(t) / 60 + kMinutesFrom1601To1970);
}

int weekday(int y, int m, int d) {
    std::int64_t days = days_from_civil(y, m, d);  // 1970-01-01 was a Thursday (4)
    return static_cast<int>(((days % 7) + 7 + 4) % 7);
}

}  // namespace calbridge::mapi
