#include "caldav/calendar/weekly_rule.h"

#include <algorithm>
#include <cstdlib>

#include "caldav/calendar/civil_time.h"

namespace calbridge::caldav {

namespace {

template <std::size_t N>
std::vector<int> by_values(const short (&array)[N]) {
    std::vector<int> out;
    for (std::size_t i = 0; i < N && array[i] != ICAL_RECURRENCE_ARRAY_MAX; ++i) out.push_back(array[i]);
    return out;
}

bool contains(const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// 2 000 years of weeks without one occurrence: the rule can produce nothing more.
constexpr int kMaxEmptyWeeks = 2000 * 53;

}  // namespace

bool is_weekly_rule(const icalrecurrencetype& rule) { return rule.freq == ICAL_WEEKLY_RECURRENCE; }

bool rule_can_occur(const icalrecurrencetype& rule) {
    const std::vector<int> days = by_values(rule.by_month_day);
    if (days.empty()) return true;
    std::vector<int> months = by_values(rule.by_month);
    if (months.empty()) months = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    static constexpr int kMaxDays[13] = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int m : months)
        for (int d : days)
            if (m >= 1 && m <= 12 && d != 0 && std::abs(d) <= kMaxDays[m]) return true;
    return false;
}

WeeklyRuleIterator::WeeklyRuleIterator(const icalrecurrencetype& rule, const icaltimetype& dtstart)
    : dtstart_(dtstart), interval_(std::max<int>(1, rule.interval)), count_(std::max(0, rule.count)) {
    const std::int64_t start_day = days_of(dtstart);
    const int wkst = static_cast<int>(rule.week_start) - 1;   // libical: SUNDAY = 1
    week_start_ = start_day - (weekday_from_days(start_day) - wkst + 7) % 7;
    for (int v : by_values(rule.by_day)) weekdays_.push_back(static_cast<int>(icalrecurrencetype_day_day_of_week(static_cast<short>(v))) - 1);
    weekdays_.erase(std::remove_if(weekdays_.begin(), weekdays_.end(), [](int d) { return d < 0 || d > 6; }), weekdays_.end());
    if (weekdays_.empty()) weekdays_.push_back(weekday_from_days(start_day));
    months_ = by_values(rule.by_month);
    hours_ = by_values(rule.by_hour);
    minutes_ = by_values(rule.by_minute);
    seconds_ = by_values(rule.by_second);
    setpos_ = by_values(rule.by_set_pos);
    if (dtstart.is_date) hours_.clear(), minutes_.clear(), seconds_.clear();
    if (hours_.empty()) hours_.push_back(dtstart.hour);
    if (minutes_.empty()) minutes_.push_back(dtstart.minute);
    if (seconds_.empty()) seconds_.push_back(dtstart.second);
    std::sort(hours_.begin(), hours_.end());
    std::sort(minutes_.begin(), minutes_.end());
    std::sort(seconds_.begin(), seconds_.end());
    fill_week();
}

void WeeklyRuleIterator::fill_week() {
    week_.clear();
    pos_ = 0;
    for (int i = 0; i < 7; ++i) {
        const std::int64_t day = week_start_ + i;
        if (!contains(weekdays_, weekday_from_days(day))) continue;
        const CivilDate c = civil_from_days(day);
        if (!months_.empty() && !contains(months_, c.month)) continue;
        for (int h : hours_)
            for (int m : minutes_)
                for (int s : seconds_) {
                    icaltimetype t = dtstart_;
                    t.year = c.year;
                    t.month = c.month;
                    t.day = c.day;
                    if (!t.is_date) t.hour = h, t.minute = m, t.second = s;
                    week_.push_back(t);
                }
    }
    if (!setpos_.empty()) {
        // RFC 5545 3.3.10 BYSETPOS: positions within the week's set, negative from its end.
        std::vector<icaltimetype> chosen;
        const int n = static_cast<int>(week_.size());
        for (int i = 0; i < n; ++i)
            for (int p : setpos_)
                if ((p > 0 && p - 1 == i) || (p < 0 && n + p == i)) {
                    chosen.push_back(week_[static_cast<std::size_t>(i)]);
                    break;
                }
        week_ = std::move(chosen);
    }
}

icaltimetype WeeklyRuleIterator::next() {
    const std::int64_t start = civil_seconds(dtstart_);
    while (true) {
        if (count_ > 0 && emitted_ >= count_) return icaltime_null_time();
        while (pos_ < week_.size()) {
            const icaltimetype t = week_[pos_++];
            if (civil_seconds(t) < start) continue;
            ++emitted_;
            empty_weeks_ = 0;
            return t;
        }
        if (++empty_weeks_ > kMaxEmptyWeeks) return icaltime_null_time();
        week_start_ += 7LL * interval_;
        if (civil_from_days(week_start_).year > 9000) return icaltime_null_time();
        fill_week();
    }
}

}  // namespace calbridge::caldav
