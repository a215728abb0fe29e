#include "converters/mapi/recurrence/recurrence_rule.h"

#include <climits>
#include <cstdio>

#include "converters/mapi/recurrence/recurrence_calendar.h"

namespace calbridge::mapi {

namespace {

constexpr std::uint32_t kMinutesPerDay = 1440;

std::string hex(std::uint32_t v, int digits) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%0*X", digits, v);
    return buf;
}

[[noreturn]] void reject(const std::string& what) {
    throw RecurrenceError("PidLidAppointmentRecur: " + what);
}

void warn(Diagnostics& diag, const std::string& what) { diag.warn("PidLidAppointmentRecur: " + what); }

int to_int(std::uint32_t v, const char* field) {
    if (v > static_cast<std::uint32_t>(INT_MAX)) reject(std::string(field) + " " + std::to_string(v) + " is too large");
    return static_cast<int>(v);
}

// Fewest days a Gregorian month has in any year.
int min_days_in_month(int month) {
    static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return kDays[month - 1];
}

std::string yyyymmdd(const CivilDateTime& d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", d.year, d.month, d.day);
    return buf;
}

// --- calendar --------------------------------------------------------------------------

bool is_hijri_pattern(PatternType t) {
    return t == PatternType::HjMonth || t == PatternType::HjMonthNth || t == PatternType::HjMonthEnd;
}

// RFC 7529 RSCALE for the pattern, or nullopt for Gregorian arithmetic. Throws for
// calendars no CLDR calendar reproduces.
std::optional<std::string> rscale_for(const RecurrencePattern& p, Diagnostics& diag) {
    CalendarType cal = p.calendar_type;
    if (is_hijri_pattern(p.pattern_type)) {
        // MS-OXCICAL 2.1.3.1.1.8: the Hj* pattern types are Hijri; CalendarType is then 0 or 6.
        if (cal != CalendarType::Default && cal != CalendarType::Hijri && cal != CalendarType::UmAlQura)
            warn(diag, "PatternType " + hex(static_cast<std::uint16_t>(p.pattern_type), 4) +
                           " is a Hijri pattern but CalendarType is " +
                           hex(static_cast<std::uint16_t>(cal), 4) + "; used Hijri");
        if (cal != CalendarType::UmAlQura) cal = CalendarType::Hijri;
    }
    switch (cal) {
        case CalendarType::Default:
        case CalendarType::Gregorian:
        case CalendarType::GregorianUs:
        case CalendarType::GregorianMeFrench:
        case CalendarType::GregorianArabic:
        case CalendarType::GregorianXlitEnglish:
        case CalendarType::GregorianXlitFrench:
        // Era calendars on Gregorian months and days: only the year numbers differ.
        case CalendarType::JapanEmperorEra:
        case CalendarType::Taiwan:
        case CalendarType::KoreaTangunEra:
        case CalendarType::Thai:
            return std::nullopt;
        case CalendarType::Hijri:
            return "ISLAMIC-CIVIL";
        case CalendarType::UmAlQura:
            return "ISLAMIC-UMALQURA";
        case CalendarType::Hebrew:
            return "HEBREW";
        case CalendarType::ChineseLunar:
            return "CHINESE";
        case CalendarType::LunarKorean:
            return "DANGI";
        case CalendarType::Saka:
            return "INDIAN";
        case CalendarType::LunarJapanese:
        case CalendarType::LunarEtoChinese:
        case CalendarType::LunarEtoKorean:
        case CalendarType::LunarRokuyou:
            reject("CalendarType " + hex(static_cast<std::uint16_t>(cal), 4) +
                   " (a Japanese/Eto/Rokuyou lunar calendar) has no RFC 7529 equivalent; "
                   "the monthly/yearly recurrence cannot be expressed");
    }
    reject("unknown CalendarType " + hex(static_cast<std::uint16_t>(cal), 4));
}

// --- pieces of the rule --------------------------------------------------------------------

void add_days(RRule& r, std::uint32_t mask, const std::string& prefix = {}) {
    for (int d = 0; d < 7; ++d)
        if (mask & (1u << d)) r.by_day.push_back(prefix + std::string(rfc5545_weekday(d)));
}

std::uint32_t checked_day_mask(const RecurrencePattern& p, Diagnostics& diag) {
    if ((p.day_mask & day_bit::All) == 0)
        reject("day mask " + hex(p.day_mask, 8) + " selects no weekday (PatternType " +
               hex(static_cast<std::uint16_t>(p.pattern_type), 4) + ")");
    if (p.day_mask & ~day_bit::All)
        warn(diag, "day mask " + hex(p.day_mask, 8) + " has bits above Saturday; ignored them");
    return p.day_mask & day_bit::All;
}

// The month a yearly pattern falls in: FirstDateTime is midnight of the first day of that
// month (in 1601..) per MS-OXOCAL 2.2.1.44.1.1, and Outlook expands from it (2.2.1.44.1.2).
int yearly_month(const RecurrencePattern& p, Diagnostics& diag) {
    const CivilDateTime first = civil_from_mapi_minutes(p.first_date_time);
    const CivilDateTime start = civil_from_mapi_minutes(p.start_date);
    if (first.day != 1 || first.hour != 0 || first.minute != 0) {
        warn(diag, "yearly FirstDateTime " + hex(p.first_date_time, 8) +
                       " is not the start of a month; used the month of StartDate");
        return start.month;
    }
    if (first.month != start.month)
        warn(diag, "yearly FirstDateTime names month " + std::to_string(first.month) + " but StartDate is in month " +
                       std::to_string(start.month) + "; used " + std::to_string(first.month) +
                       " as Outlook does (MS-OXOCAL 2.2.1.44.1.2)");
    return first.month;
}

// BYMONTH for a yearly rule in a non-Gregorian calendar: the month of the first occurrence
// in that calendar.
int yearly_month_in(const std::string& rscale, const RecurrencePattern& p) {
    const auto m = month_in_calendar(rscale, civil_from_mapi_minutes(p.start_date));
    if (!m) reject("cannot determine the " + rscale + " month of StartDate " + hex(p.start_date, 8));
    if (m->leap)
        reject("yearly recurrence in the leap month " + std::to_string(m->month) + "L of the " + rscale +
               " calendar is not supported");
    return m->month;
}

// Day d of every month / of month `month` (0 = every month), with Outlook's rule that a day a
// month lacks falls on that month's last day.
void add_month_day(RRule& r, int d, int month, bool rscale) {
    const int always_present = rscale ? 29 : (month == 0 ? 28 : min_days_in_month(month));
    if (d <= always_present) {
        r.by_month_day.push_back(d);
    } else if (!rscale && (month != 0 || d == 31)) {
        // Gregorian: no month has more than 31 days, and in a yearly rule any d beyond the
        // month's shortest length (only Feb 29) can only mean "the last day".
        r.by_month_day.push_back(-1);
    } else {
        // "The last of the days always_present..d that this month has": BYSETPOS picks the
        // last date of the month's set (RFC 5545 3.3.10), e.g. 28,29,30;BYSETPOS=-1 for 30.
        for (int day = always_present; day <= d; ++day) r.by_month_day.push_back(day);
        r.by_set_pos.push_back(-1);
    }
}

void add_nth(RRule& r, std::uint32_t mask, std::uint32_t nth) {
    if (nth < 1 || nth > kNthLast)
        reject("MonthNth N " + std::to_string(nth) + " is not 1..5 (MS-OXOCAL 2.2.1.44.1.6)");
    const int position = nth == kNthLast ? -1 : static_cast<int>(nth);
    const bool single_day = (mask & (mask - 1)) == 0;
    if (single_day) {
        add_days(r, mask, std::to_string(position));  // e.g. 2TU, -1FR
    } else {
        add_days(r, mask);  // weekday / weekend day / day: pick the nth of the month's set
        r.by_set_pos.push_back(position);
    }
}

void check_frequency(const RecurrencePattern& p, Diagnostics& diag) {
    const RecurFrequency f = p.frequency;
    bool ok = false;
    switch (p.pattern_type) {
        case PatternType::Day:
            ok = f == RecurFrequency::Daily;
            break;
        case PatternType::Week:  // Daily + Week = "every weekday" (2.2.1.44.1)
            ok = f == RecurFrequency::Weekly || f == RecurFrequency::Daily;
            break;
        default:
            ok = f == RecurFrequency::Monthly || f == RecurFrequency::Yearly;
            break;
    }
    if (!ok)
        warn(diag, "RecurFrequency " + hex(static_cast<std::uint16_t>(f), 4) + " does not match PatternType " +
                       hex(static_cast<std::uint16_t>(p.pattern_type), 4) + "; followed PatternType");
}

void set_end(RRule& r, const RecurrencePattern& p, Diagnostics& diag) {
    auto until_from_end_date = [&] {
        CivilDateTime end = civil_from_mapi_minutes(p.end_date);
        r.until_local = CivilDateTime{end.year, end.month, end.day, 0, 0, 0};
    };
    switch (p.end_type) {
        case EndType::AfterDate:
            if (p.end_date < p.start_date)
                warn(diag, "EndDate " + hex(p.end_date, 8) + " is before StartDate " + hex(p.start_date, 8));
            until_from_end_date();
            return;
        case EndType::AfterNOccurrences:
            if (p.occurrence_count == 0) {
                warn(diag, "EndType is 'after N occurrences' with OccurrenceCount 0; ended at EndDate instead");
                until_from_end_date();
                return;
            }
            r.count = to_int(p.occurrence_count, "OccurrenceCount");
            return;
        case EndType::NeverEnd:
        case EndType::NeverEndLegacy:
            return;
    }
    if (p.end_date != kNeverEndDate && p.end_date >= p.start_date && p.end_date != 0) {
        warn(diag, "unknown EndType " + hex(static_cast<std::uint32_t>(p.end_type), 8) + "; ended at EndDate");
        until_from_end_date();
    } else {
        warn(diag, "unknown EndType " + hex(static_cast<std::uint32_t>(p.end_type), 8) + "; treated as no end");
    }
}

}  // namespace

std::string_view rfc5545_weekday(int day) {
    static constexpr std::string_view kDays[7] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};
    return day >= 0 && day < 7 ? kDays[day] : std::string_view{};
}

RRule rrule_from_pattern(const RecurrencePattern& p, Diagnostics& diag) {
    RRule r;
    check_frequency(p, diag);
    if (p.period == 0) reject("Period is 0");
    if (p.sliding_flag != 0)
        warn(diag, "SlidingFlag is set (a regenerating task); the rule describes the fixed schedule only");
    if (p.first_dow > 6) {
        warn(diag, "FirstDOW " + std::to_string(p.first_dow) + " is not 0..6; used Sunday");
        r.wkst = "SU";
    } else {
        r.wkst = std::string(rfc5545_weekday(static_cast<int>(p.first_dow)));
    }

    switch (p.pattern_type) {
        case PatternType::Day:
            if (p.period % kMinutesPerDay != 0)
                reject("daily Period " + std::to_string(p.period) + " minutes is not a whole number of days");
            r.freq = "DAILY";
            r.interval = to_int(p.period / kMinutesPerDay, "Period");
            break;
        case PatternType::Week:
            r.freq = "WEEKLY";
            r.interval = to_int(p.period, "Period");
            add_days(r, checked_day_mask(p, diag));
            break;
        case PatternType::Month:
        case PatternType::MonthNth:
        case PatternType::MonthEnd:
        case PatternType::HjMonth:
        case PatternType::HjMonthNth:
        case PatternType::HjMonthEnd: {
            r.rscale = rscale_for(p, diag);
            const bool yearly = p.period % 12 == 0;
            if (p.frequency == RecurFrequency::Yearly && !yearly)
                warn(diag, "yearly RecurFrequency with Period " + std::to_string(p.period) +
                               " months (not a multiple of 12); followed Period");
            r.freq = yearly ? "YEARLY" : "MONTHLY";
            r.interval = to_int(yearly ? p.period / 12 : p.period, "Period");
            int month = 0;
            if (yearly) {
                month = r.rscale ? yearly_month_in(*r.rscale, p) : yearly_month(p, diag);
                r.by_month.push_back(month);
            }
            if (p.pattern_type == PatternType::Month || p.pattern_type == PatternType::HjMonth) {
                if (p.day_of_month < 1 || p.day_of_month > 31)
                    reject("day of month " + std::to_string(p.day_of_month) + " is not 1..31");
                add_month_day(r, static_cast<int>(p.day_of_month), month, r.rscale.has_value());
            } else if (p.pattern_type == PatternType::MonthEnd || p.pattern_type == PatternType::HjMonthEnd) {
                r.by_month_day.push_back(-1);
            } else {
                add_nth(r, checked_day_mask(p, diag), p.nth);
            }
            if (r.rscale)
                warn(diag, "non-Gregorian recurrence written as RSCALE=" + *r.rscale +
                               " (RFC 7529); clients without RFC 7529 support expand it as Gregorian");
            break;
        }
        default:
            reject("unknown PatternType " + hex(static_cast<std::uint16_t>(p.pattern_type), 4));
    }
    set_end(r, p, diag);
    return r;
}

std::string RRule::to_string(std::string_view until_value) const {
    std::string s = "FREQ=" + freq;
    auto part = [&](std::string_view name, const std::string& value) {
        s += ';';
        s += name;
        s += '=';
        s += value;
    };
    auto join_ints = [](const std::vector<int>& v) {
        std::string out;
        for (int x : v) out += (out.empty() ? "" : ",") + std::to_string(x);
        return out;
    };
    if (rscale) part("RSCALE", *rscale);
    if (until_local) part("UNTIL", until_value.empty() ? yyyymmdd(*until_local) : std::string(until_value));
    if (count) part("COUNT", std::to_string(*count));
    if (interval > 1) part("INTERVAL", std::to_string(interval));
    if (!by_day.empty()) {
        std::string days;
        for (const auto& d : by_day) days += (days.empty() ? "" : ",") + d;
        part("BYDAY", days);
    }
    if (!by_month_day.empty()) part("BYMONTHDAY", join_ints(by_month_day));
    if (!by_month.empty()) part("BYMONTH", join_ints(by_month));
    if (!by_set_pos.empty()) part("BYSETPOS", join_ints(by_set_pos));
    if (skip) part("SKIP", *skip);
    if (!wkst.empty()) part("WKST", wkst);
    return s;
}

}  // namespace calbridge::mapi
