#include "converters/ews/recurrence_to_ews.h"

#include <vector>

#include "converters/ews/ews_values.h"
#include "converters/mapi/recurrence/recurrence_blob.h"

namespace calbridge::ews {

namespace {

using mapi::CivilDateTime;

struct Unsupported {
    std::string what;
};

std::vector<short> list(const short* values, std::size_t size) {
    std::vector<short> out;
    for (std::size_t i = 0; i < size && values[i] != ICAL_RECURRENCE_ARRAY_MAX; ++i) out.push_back(values[i]);
    return out;
}

// libical weekday (ICAL_SUNDAY_WEEKDAY = 1) -> 0 = Sunday.
int day_index(short encoded) { return static_cast<int>(icalrecurrencetype_day_day_of_week(encoded)) - 1; }

int days_in_month_max(int month) {
    static constexpr int kMax[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return kMax[month - 1];
}

std::string day_list(std::uint32_t mask) {
    std::string out;
    for (int d = 0; d < 7; ++d)
        if (mask & (1u << d)) out += (out.empty() ? "" : " ") + std::string(day_name(d));
    return out;
}

// One DayOfWeekType for a set of days (RelativeMonthly/Yearly take a single value).
std::string single_day_type(std::uint32_t mask) {
    if (mask == mapi::day_bit::All) return "Day";
    if (mask == mapi::day_bit::Weekdays) return "Weekday";
    if (mask == mapi::day_bit::WeekendDays) return "WeekendDay";
    if ((mask & (mask - 1)) == 0)
        for (int d = 0; d < 7; ++d)
            if (mask == (1u << d)) return day_name(d);
    throw Unsupported{"BYDAY with BYSETPOS over days other than one day, weekdays, weekend days or all days"};
}

std::string index_text(int position) {
    if (position == -1) return "Last";
    if (position >= 1 && position <= 4) return day_index_text(static_cast<std::uint32_t>(position));
    throw Unsupported{"ordinal " + std::to_string(position) + " (EWS has First..Fourth and Last)"};
}

// BYDAY of a monthly/yearly rule -> DaysOfWeek + DayOfWeekIndex.
void relative(EwsRecurrence& r, const std::vector<short>& by_day, const std::vector<short>& by_set_pos) {
    std::uint32_t mask = 0;
    int position = 0;
    for (short d : by_day) {
        const int p = icalrecurrencetype_day_position(d);
        if (by_day.size() > 1 && p != 0) throw Unsupported{"several BYDAY values with ordinals"};
        position = p;
        mask |= 1u << day_index(d);
    }
    if (position == 0) {
        if (by_set_pos.size() != 1) throw Unsupported{"BYDAY without an ordinal or a single BYSETPOS"};
        position = by_set_pos[0];
    } else if (!by_set_pos.empty()) {
        throw Unsupported{"BYSETPOS with an ordinal BYDAY"};
    }
    r.days_of_week = single_day_type(mask);
    r.day_of_week_index = index_text(position);
}

// BYMONTHDAY of a monthly/yearly rule (month 0 = any) -> DayOfMonth, with Outlook's clipping.
int month_day(const std::vector<short>& by_month_day, const std::vector<short>& by_set_pos, int month) {
    const int last = month == 0 ? 31 : days_in_month_max(month);
    if (by_month_day.size() == 1 && by_set_pos.empty()) {
        const int d = by_month_day[0];
        if (d >= 1 && d <= 31) return d;
        if (d == -1) return last;
        throw Unsupported{"BYMONTHDAY=" + std::to_string(d) + " (EWS counts days from the month's start only)"};
    }
    // "28,29,30;BYSETPOS=-1": the last of the days 28..d the month has = day d clipped.
    if (by_set_pos.size() == 1 && by_set_pos[0] == -1 && by_month_day.size() > 1) {
        for (std::size_t i = 1; i < by_month_day.size(); ++i)
            if (by_month_day[i] != by_month_day[i - 1] + 1) throw Unsupported{"BYMONTHDAY list with BYSETPOS"};
        if (by_month_day.front() >= 28 && by_month_day.back() <= 31) return by_month_day.back();
    }
    throw Unsupported{"several BYMONTHDAY values"};
}

}  // namespace

std::optional<EwsRecurrence> recurrence_to_ews(const icalrecurrencetype& rule, const CivilDateTime& start,
                                               const std::optional<CivilDateTime>& until_local,
                                               mapi::Diagnostics& diag) {
    EwsRecurrence r;
    try {
        const auto by_day = list(rule.by_day, ICAL_BY_DAY_SIZE);
        const auto by_month_day = list(rule.by_month_day, ICAL_BY_MONTHDAY_SIZE);
        const auto by_month = list(rule.by_month, ICAL_BY_MONTH_SIZE);
        const auto by_set_pos = list(rule.by_set_pos, ICAL_BY_SETPOS_SIZE);
        if (!list(rule.by_second, ICAL_BY_SECOND_SIZE).empty() || !list(rule.by_minute, ICAL_BY_MINUTE_SIZE).empty() ||
            !list(rule.by_hour, ICAL_BY_HOUR_SIZE).empty())
            throw Unsupported{"BYHOUR/BYMINUTE/BYSECOND (EWS occurrences start at one time of day)"};
        if (!list(rule.by_year_day, ICAL_BY_YEARDAY_SIZE).empty()) throw Unsupported{"BYYEARDAY"};
        if (!list(rule.by_week_no, ICAL_BY_WEEKNO_SIZE).empty()) throw Unsupported{"BYWEEKNO"};
        if (rule.rscale && *rule.rscale && std::string_view(rule.rscale) != "GREGORIAN")
            throw Unsupported{std::string("RSCALE=") + rule.rscale + " (EWS patterns are Gregorian)"};
        if (by_month.size() > 1) throw Unsupported{"several BYMONTH values"};
        const int interval = rule.interval > 0 ? rule.interval : 1;
        const std::uint32_t start_bit = 1u << mapi::weekday(start.year, start.month, start.day);
        std::uint32_t mask = 0;
        bool ordinals = false;
        for (short d : by_day) {
            mask |= 1u << day_index(d);
            ordinals = ordinals || icalrecurrencetype_day_position(d) != 0;
        }
        switch (rule.freq) {
            case ICAL_DAILY_RECURRENCE:
                if (!by_month_day.empty() || !by_month.empty() || !by_set_pos.empty() || ordinals)
                    throw Unsupported{"a DAILY rule with BYMONTHDAY/BYMONTH/BYSETPOS"};
                if (by_day.empty()) {
                    r.pattern = EwsRecurrence::Pattern::Daily;
                } else {
                    if (interval != 1) throw Unsupported{"a DAILY rule with BYDAY and INTERVAL > 1"};
                    r.pattern = EwsRecurrence::Pattern::Weekly;  // "every weekday"
                    r.days_of_week = day_list(mask);
                }
                r.interval = interval;
                break;
            case ICAL_WEEKLY_RECURRENCE:
                if (!by_month_day.empty() || !by_month.empty() || !by_set_pos.empty() || ordinals)
                    throw Unsupported{"a WEEKLY rule with BYMONTHDAY/BYMONTH/BYSETPOS"};
                r.pattern = EwsRecurrence::Pattern::Weekly;
                r.interval = interval;
                r.days_of_week = day_list(by_day.empty() ? start_bit : mask);
                // WKST (RFC 5545 3.3.10: Monday when absent) decides which weeks an INTERVAL > 1
                // rule skips; Outlook keeps it as FirstDOW.
                r.first_day_of_week = rule.week_start != ICAL_NO_WEEKDAY ? day_name(static_cast<int>(rule.week_start) - 1)
                                                                        : "Monday";
                break;
            case ICAL_MONTHLY_RECURRENCE:
            case ICAL_YEARLY_RECURRENCE: {
                const bool yearly = rule.freq == ICAL_YEARLY_RECURRENCE;
                if (!yearly && !by_month.empty()) throw Unsupported{"a MONTHLY rule with BYMONTH"};
                const int month = yearly ? (by_month.empty() ? start.month : icalrecurrencetype_month_month(by_month[0]))
                                         : 0;
                const bool is_relative = !by_day.empty();
                if (is_relative && !by_month_day.empty()) throw Unsupported{"BYDAY together with BYMONTHDAY"};
                if (is_relative) {
                    relative(r, by_day, by_set_pos);
                } else {
                    r.day_of_month = by_month_day.empty() ? start.day : month_day(by_month_day, by_set_pos, month);
                }
                if (yearly && interval == 1) {
                    r.pattern = is_relative ? EwsRecurrence::Pattern::RelativeYearly : EwsRecurrence::Pattern::AbsoluteYearly;
                    r.month = month;
                } else {
                    if (yearly && month != start.month)
                        throw Unsupported{"a YEARLY rule with INTERVAL > 1 whose BYMONTH is not DTSTART's month"};
                    r.pattern = is_relative ? EwsRecurrence::Pattern::RelativeMonthly : EwsRecurrence::Pattern::AbsoluteMonthly;
                    r.interval = yearly ? 12 * interval : interval;
                }
                break;
            }
            default:
                throw Unsupported{"FREQ other than DAILY, WEEKLY, MONTHLY or YEARLY"};
        }
    } catch (const Unsupported& u) {
        diag.warn("RRULE \"" + std::string(icalrecurrencetype_as_string(const_cast<icalrecurrencetype*>(&rule))) +
                  "\": EWS cannot express " + u.what + "; the series is written as its first occurrence only");
        return std::nullopt;
    }
    r.start_date = {start.year, start.month, start.day, 0, 0, 0};
    if (rule.count > 0) {
        r.range = EwsRecurrence::Range::Numbered;
        r.count = rule.count;
    } else if (until_local) {
        r.range = EwsRecurrence::Range::EndDate;
        r.end_date = {until_local->year, until_local->month, until_local->day, 0, 0, 0};
    }
    return r;
}

void append_recurrence(pugi::xml_node parent, const EwsRecurrence& r) {
    pugi::xml_node rec = parent.append_child("t:Recurrence");
    auto text = [](pugi::xml_node p, const char* name, const std::string& value) {
        p.append_child(name).text().set(value.c_str());
    };
    using P = EwsRecurrence::Pattern;
    pugi::xml_node p;
    switch (r.pattern) {
        case P::RelativeYearly:
            p = rec.append_child("t:RelativeYearlyRecurrence");
            text(p, "t:DaysOfWeek", r.days_of_week);
            text(p, "t:DayOfWeekIndex", r.day_of_week_index);
            text(p, "t:Month", month_name(r.month));
            break;
        case P::AbsoluteYearly:
            p = rec.append_child("t:AbsoluteYearlyRecurrence");
            text(p, "t:DayOfMonth", std::to_string(r.day_of_month));
            text(p, "t:Month", month_name(r.month));
            break;
        case P::RelativeMonthly:
            p = rec.append_child("t:RelativeMonthlyRecurrence");
            text(p, "t:Interval", std::to_string(r.interval));
            text(p, "t:DaysOfWeek", r.days_of_week);
            text(p, "t:DayOfWeekIndex", r.day_of_week_index);
            break;
        case P::AbsoluteMonthly:
            p = rec.append_child("t:AbsoluteMonthlyRecurrence");
            text(p, "t:Interval", std::to_string(r.interval));
            text(p, "t:DayOfMonth", std::to_string(r.day_of_month));
            break;
        case P::Weekly:
            p = rec.append_child("t:WeeklyRecurrence");
            text(p, "t:Interval", std::to_string(r.interval));
            text(p, "t:DaysOfWeek", r.days_of_week);
            if (r.first_day_of_week) text(p, "t:FirstDayOfWeek", *r.first_day_of_week);
            break;
        case P::Daily:
            p = rec.append_child("t:DailyRecurrence");
            text(p, "t:Interval", std::to_string(r.interval));
            break;
    }
    pugi::xml_node range;
    switch (r.range) {
        case EwsRecurrence::Range::NoEnd:
            range = rec.append_child("t:NoEndRecurrence");
            text(range, "t:StartDate", format_date(r.start_date));
            break;
        case EwsRecurrence::Range::EndDate:
            range = rec.append_child("t:EndDateRecurrence");
            text(range, "t:StartDate", format_date(r.start_date));
            text(range, "t:EndDate", format_date(r.end_date));
            break;
        case EwsRecurrence::Range::Numbered:
            range = rec.append_child("t:NumberedRecurrence");
            text(range, "t:StartDate", format_date(r.start_date));
            text(range, "t:NumberOfOccurrences", std::to_string(r.count));
            break;
    }
}

}  // namespace calbridge::ews
