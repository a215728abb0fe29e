// TimeZone::from_windows_id: a Windows zone id (as EWS sends it in StartTimeZone/@Id) turned
// into the TZREG model of time_zone.h through ICU's rules for the zone's CLDR golden IANA zone.
#include <unicode/basictz.h>
#include <unicode/dtrule.h>
#include <unicode/timezone.h>
#include <unicode/tzrule.h>

#include <memory>

#include "converters/ical/civil_days.h"
#include "converters/ical/windows_zones.h"
#include "converters/mapi/timezone/time_zone.h"

namespace calbridge::mapi {

namespace {

constexpr std::int32_t kMsPerMinute = 60'000;
constexpr std::int32_t kMsPerDay = 86'400'000;

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int days_in_month(int y, int m) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// The day of the month an ICU DateTimeRule names in `year`.
int icu_rule_day(const icu::DateTimeRule& r, int year) {
    const int month = r.getRuleMonth() + 1;
    const int dow = r.getRuleDayOfWeek() - 1;  // ICU: UCAL_SUNDAY = 1; here 0 = Sunday
    const int dim = days_in_month(year, month);
    switch (r.getDateRuleType()) {
        case icu::DateTimeRule::DOM:
            return r.getRuleDayOfMonth();
        case icu::DateTimeRule::DOW: {
            const int ordinal = r.getRuleWeekInMonth();
            if (ordinal > 0) {
                int day = 1 + (dow - weekday(year, month, 1) + 7) % 7 + 7 * (ordinal - 1);
                while (day > dim) day -= 7;
                return day;
            }
            int day = dim - (weekday(year, month, dim) - dow + 7) % 7 + 7 * (ordinal + 1);
            while (day < 1) day += 7;
            return day;
        }
        case icu::DateTimeRule::DOW_GEQ_DOM: {
            const int from = r.getRuleDayOfMonth();
            return from + (dow - weekday(year, month, from) + 7) % 7;
        }
        case icu::DateTimeRule::DOW_LEQ_DOM: {
            const int until = r.getRuleDayOfMonth();
            return until - (weekday(year, month, until) - dow + 7) % 7;
        }
    }
    return 1;
}

// A relative SYSTEMTIME (MS-OXOCAL 2.2.1.39: wYear 0, wDay 1..4 or 5 = last) for an ICU rule.
// `wall_shift_ms` turns ICU's time of day into the wall clock Windows reads the date in.
SystemTime system_time(const icu::DateTimeRule& r, std::int32_t wall_shift_ms, int year) {
    SystemTime st;
    st.month = static_cast<std::uint16_t>(r.getRuleMonth() + 1);
    const int dim = days_in_month(year, st.month);
    int nth = 0;
    switch (r.getDateRuleType()) {
        case icu::DateTimeRule::DOW:
            nth = r.getRuleWeekInMonth() < 0 ? 5 : r.getRuleWeekInMonth();
            break;
        case icu::DateTimeRule::DOW_GEQ_DOM:
            if ((r.getRuleDayOfMonth() - 1) % 7 == 0) nth = (r.getRuleDayOfMonth() - 1) / 7 + 1;  // "Sun>=8" = 2nd
            break;
        case icu::DateTimeRule::DOW_LEQ_DOM:
            if (r.getRuleDayOfMonth() == dim || (st.month == 2 && r.getRuleDayOfMonth() >= 28)) nth = 5;  // last
            break;
        case icu::DateTimeRule::DOM:
            break;
    }
    const int day = icu_rule_day(r, year);
    if (r.getDateRuleType() == icu::DateTimeRule::DOM) {
        st.day_of_week = static_cast<std::uint16_t>(weekday(year, st.month, day));
    } else {
        st.day_of_week = static_cast<std::uint16_t>(r.getRuleDayOfWeek() - 1);
    }
    if (nth == 0) nth = day + 7 > dim ? 5 : (day - 1) / 7 + 1;  // the date as it falls in `year`
    st.day = static_cast<std::uint16_t>(nth);
    std::int32_t ms = r.getRuleMillisInDay() + wall_shift_ms;
    // A switch at 24:00 (or later) has no SYSTEMTIME; Windows writes 23:59:59.999 for it.
    if (ms >= kMsPerDay) ms = kMsPerDay - 1000;
    if (ms < 0) ms = 0;
    st.hour = static_cast<std::uint16_t>(ms / 3'600'000);
    st.minute = static_cast<std::uint16_t>(ms / 60'000 % 60);
    st.second = static_cast<std::uint16_t>(ms / 1000 % 60);
    return st;
}

}  // namespace

std::optional<TimeZone> TimeZone::from_windows_id(std::string_view windows_id, int reference_year) {
    const auto iana = ical::iana_from_windows(windows_id);
    if (!iana) return std::nullopt;
    std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(*iana)));
    const auto* basic = dynamic_cast<const icu::BasicTimeZone*>(zone.get());
    if (!basic) return std::nullopt;

    // Mid-year of the reference year, so a rule that starts or stops that year is the one in force.
    const UDate date = static_cast<UDate>(ical::days_from_civil(reference_year, 7, 1)) * kMsPerDay;
    icu::InitialTimeZoneRule* initial = nullptr;
    icu::AnnualTimeZoneRule* std_rule = nullptr;
    icu::AnnualTimeZoneRule* dst_rule = nullptr;
    UErrorCode status = U_ZERO_ERROR;
    basic->getSimpleRulesNear(date, initial, std_rule, dst_rule, status);
    std::unique_ptr<icu::InitialTimeZoneRule> own_initial(initial);
    std::unique_ptr<icu::AnnualTimeZoneRule> own_std(std_rule), own_dst(dst_rule);
    if (U_FAILURE(status) || !initial) return std::nullopt;

    TzRule rule;
    if (std_rule && dst_rule) {
        // UTC = local + Bias + StandardBias / DaylightBias (MS-OXOCAL 2.2.1.39).
        const std::int32_t raw = std_rule->getRawOffset();
        const std::int32_t savings = dst_rule->getDSTSavings();
        rule.reg.bias = -raw / kMsPerMinute;
        rule.reg.standard_bias = -std_rule->getDSTSavings() / kMsPerMinute;
        rule.reg.daylight_bias = -savings / kMsPerMinute;
        // stDaylightDate is read in local standard time, stStandardDate in local daylight time.
        auto shift = [&](const icu::DateTimeRule& r, bool to_daylight) -> std::int32_t {
            switch (r.getTimeRuleType()) {
                case icu::DateTimeRule::WALL_TIME: return 0;  // the wall clock before the switch
                case icu::DateTimeRule::STANDARD_TIME: return to_daylight ? 0 : savings;
                case icu::DateTimeRule::UTC_TIME: return raw + (to_daylight ? 0 : savings);
            }
            return 0;
        };
        rule.reg.daylight_date = system_time(*dst_rule->getRule(), shift(*dst_rule->getRule(), true), reference_year);
        rule.reg.standard_date = system_time(*std_rule->getRule(), shift(*std_rule->getRule(), false), reference_year);
    } else {
        rule.reg.bias = -(initial->getRawOffset() + initial->getDSTSavings()) / kMsPerMinute;
    }
    if (tzreg_problem(rule.reg)) return std::nullopt;
    TimeZone tz = from_eras({rule});
    tz.windows_id_ = std::string(windows_id);
    tz.tzid_ = *iana;
    tz.is_utc_ = tz.is_utc_ || windows_id == "UTC";
    return tz;
}

}  // namespace calbridge::mapi
