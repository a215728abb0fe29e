#include "ews_standin/recurrence.h"

#include "converters/ical/civil_days.h"
#include "converters/ical/windows_zones.h"
#include "ews_standin/ews_time.h"

#include <algorithm>
#include <array>
#include <map>
#include <mutex>
#include <sstream>

namespace calbridge::ews_standin {

namespace {

constexpr std::array<const char*, 7> kDays = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
constexpr std::array<const char*, 12> kMonths = {"January", "February", "March",     "April",   "May",      "June",
                                                 "July",    "August",   "September", "October", "November", "December"};

int weekday_of(std::int64_t days) { return static_cast<int>(((days % 7) + 11) % 7); }  // 1970-01-01 was a Thursday

// types.xsd DaysOfWeekType is a list of DayOfWeekType: the seven days plus Day/Weekday/WeekendDay.
bool parse_days(const std::string& list, std::vector<int>& out) {
    std::istringstream words(list);
    std::string w;
    while (words >> w) {
        if (w == "Day") {
            for (int d = 0; d < 7; ++d) out.push_back(d);
        } else if (w == "Weekday") {
            for (int d = 1; d <= 5; ++d) out.push_back(d);
        } else if (w == "WeekendDay") {
            out.push_back(0);
            out.push_back(6);
        } else {
            auto it = std::find(kDays.begin(), kDays.end(), w);
            if (it == kDays.end()) return false;
            out.push_back(static_cast<int>(it - kDays.begin()));
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return !out.empty();
}

int month_index(const std::string& name) {
    auto it = std::find(kMonths.begin(), kMonths.end(), name);
    return it == kMonths.end() ? 0 : static_cast<int>(it - kMonths.begin()) + 1;
}

int week_index_of(const std::string& s) {
    if (s == "First") return 1;
    if (s == "Second") return 2;
    if (s == "Third") return 3;
    if (s == "Fourth") return 4;
    if (s == "Last") return -1;
    return 0;
}

int days_in_month(int y, int m) {
    return static_cast<int>(ical::days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - ical::days_from_civil(y, m, 1));
}

// Is `days` the week_index-th (or last) day of the month among `weekdays`? (RelativeMonthly:
// "the second Weekday", "the last Friday"; MS-OXWSCDATA / EWS RelativeMonthlyRecurrence.)
bool is_relative_day(std::int64_t days, const Civil& c, const std::vector<int>& weekdays, int week_index) {
    auto matches = [&](std::int64_t d) { return std::binary_search(weekdays.begin(), weekdays.end(), weekday_of(d)); };
    if (!matches(days)) return false;
    const std::int64_t first = ical::days_from_civil(c.year, c.month, 1);
    const std::int64_t last = first + days_in_month(c.year, c.month) - 1;
    if (week_index == -1) {
        for (std::int64_t d = days + 1; d <= last; ++d)
            if (matches(d)) return false;
        return true;
    }
    int n = 0;
    for (std::int64_t d = first; d <= days; ++d) n += matches(d) ? 1 : 0;
    return n == week_index;
}

bool matches(const RecurrencePattern& p, std::int64_t days) {
    const Civil c = civil_from_unix(days * 86400);
    const Civil s = civil_from_unix(p.start_days * 86400);
    const int months_apart = (c.year - s.year) * 12 + (c.month - s.month);
    switch (p.kind) {
        case RecurrencePattern::Kind::Daily: return (days - p.start_days) % p.interval == 0;
        case RecurrencePattern::Kind::Weekly: {
            if (!std::binary_search(p.weekdays.begin(), p.weekdays.end(), weekday_of(days))) return false;
            auto week_start = [&](std::int64_t d) { return d - ((weekday_of(d) - p.first_day_of_week + 7) % 7); };
            return ((week_start(days) - week_start(p.start_days)) / 7) % p.interval == 0;
        }
        case RecurrencePattern::Kind::AbsoluteMonthly:
            return months_apart % p.interval == 0 && c.day == std::min(p.day_of_month, days_in_month(c.year, c.month));
        case RecurrencePattern::Kind::RelativeMonthly:
            return months_apart % p.interval == 0 && is_relative_day(days, c, p.weekdays, p.week_index);
        case RecurrencePattern::Kind::AbsoluteYearly:
            return c.month == p.month && c.day == std::min(p.day_of_month, days_in_month(c.year, c.month));
        case RecurrencePattern::Kind::RelativeYearly:
            return c.month == p.month && is_relative_day(days, c, p.weekdays, p.week_index);
    }
    return false;
}

}  // namespace

std::optional<RecurrencePattern> parse_recurrence(pugi::xml_node recurrence, std::string* error) {
    RecurrencePattern p;
    bool have_pattern = false, have_range = false;
    auto fail = [&](std::string what) -> std::optional<RecurrencePattern> {
        if (error) *error = "Recurrence: " + what;
        return std::nullopt;
    };
    for (auto n : recurrence.children()) {
        std::string name = n.name();
        if (auto colon = name.find(':'); colon != std::string::npos) name = name.substr(colon + 1);
        auto text = [&](const char* child) { return std::string(n.child((std::string("t:") + child).c_str()).text().get()); };
        if (name.ends_with("Recurrence") && (name.find("Daily") == 0 || name.find("Weekly") == 0 || name.find("Absolute") == 0 ||
                                             name.find("Relative") == 0)) {
            have_pattern = true;
            p.interval = std::max(1, n.child("t:Interval").text().as_int(1));
            if (name == "DailyRecurrence") p.kind = RecurrencePattern::Kind::Daily;
            else if (name == "WeeklyRecurrence") p.kind = RecurrencePattern::Kind::Weekly;
            else if (name == "AbsoluteMonthlyRecurrence") p.kind = RecurrencePattern::Kind::AbsoluteMonthly;
            else if (name == "RelativeMonthlyRecurrence") p.kind = RecurrencePattern::Kind::RelativeMonthly;
            else if (name == "AbsoluteYearlyRecurrence") p.kind = RecurrencePattern::Kind::AbsoluteYearly;
            else if (name == "RelativeYearlyRecurrence") p.kind = RecurrencePattern::Kind::RelativeYearly;
            else return fail("unsupported pattern " + name);
            if (p.kind == RecurrencePattern::Kind::Weekly || p.kind == RecurrencePattern::Kind::RelativeMonthly ||
                p.kind == RecurrencePattern::Kind::RelativeYearly) {
                if (!parse_days(text("DaysOfWeek"), p.weekdays)) return fail(name + ": bad DaysOfWeek '" + text("DaysOfWeek") + "'");
            }
            if (auto f = text("FirstDayOfWeek"); !f.empty()) {
                auto it = std::find(kDays.begin(), kDays.end(), f);
                if (it != kDays.end()) p.first_day_of_week = static_cast<int>(it - kDays.begin());
            }
            if (p.kind == RecurrencePattern::Kind::RelativeMonthly || p.kind == RecurrencePattern::Kind::RelativeYearly) {
                p.week_index = week_index_of(text("DayOfWeekIndex"));
                if (p.week_index == 0) return fail(name + ": bad DayOfWeekIndex");
            }
            if (p.kind == RecurrencePattern::Kind::AbsoluteMonthly || p.kind == RecurrencePattern::Kind::AbsoluteYearly)
                p.day_of_month = std::clamp(n.child("t:DayOfMonth").text().as_int(1), 1, 31);
            if (p.kind == RecurrencePattern::Kind::AbsoluteYearly || p.kind == RecurrencePattern::Kind::RelativeYearly) {
                p.month = month_index(text("Month"));
                if (p.month == 0) return fail(name + ": bad Month");
            }
        } else if (name == "NoEndRecurrence" || name == "EndDateRecurrence" || name == "NumberedRecurrence") {
            have_range = true;
            auto start = parse_date_days(text("StartDate"));
            if (!start) return fail(name + ": bad StartDate");
            p.start_days = *start;
            if (name == "NoEndRecurrence") {
                p.range = RecurrencePattern::Range::NoEnd;
            } else if (name == "EndDateRecurrence") {
                p.range = RecurrencePattern::Range::EndDate;
                auto end = parse_date_days(text("EndDate"));
                if (!end) return fail(name + ": bad EndDate");
                p.end_days = *end;
            } else {
                p.range = RecurrencePattern::Range::Numbered;
                p.count = n.child("t:NumberOfOccurrences").text().as_int(0);
                if (p.count < 1) return fail(name + ": NumberOfOccurrences must be at least 1");
            }
        }
    }
    if (!have_pattern) return fail("no recurrence pattern");
    if (!have_range) return fail("no recurrence range");
    return p;
}

ZoneClock::ZoneClock(const std::string& windows_zone) {
    if (windows_zone.empty() || windows_zone == "UTC") return;
    if (auto iana = ical::iana_from_windows(windows_zone)) iana_ = *iana;
}

int ZoneClock::offset_minutes_at(std::int64_t utc) const {
    if (iana_.empty()) return 0;
    const int year = civil_from_unix(utc).year;
    static std::mutex cache_mutex;
    static std::map<std::pair<std::string, int>, std::optional<ical::OffsetYear>> cache;
    std::optional<ical::OffsetYear> oy;
    {
        std::lock_guard lock(cache_mutex);
        auto key = std::make_pair(iana_, year);
        auto it = cache.find(key);
        if (it == cache.end()) it = cache.emplace(key, ical::icu_offset_year(iana_, year)).first;
        oy = it->second;
    }
    if (!oy) return 0;
    int offset = oy->offset_at_start;
    for (const auto& change : oy->changes)
        if (change.at <= utc) offset = change.offset_after;
    return offset;
}

std::int64_t ZoneClock::to_local(std::int64_t utc) const { return utc + offset_minutes_at(utc) * 60; }

std::int64_t ZoneClock::to_utc(std::int64_t local) const {
    const int guess = offset_minutes_at(local);
    return local - offset_minutes_at(local - guess * 60) * 60;
}

std::vector<Occurrence> expand(const RecurrencePattern& p, std::int64_t master_start, const ZoneClock& zone,
                               std::int64_t until, int max_index) {
    std::vector<Occurrence> out;
    const std::int64_t local_start = zone.to_local(master_start);
    const std::int64_t time_of_day = ((local_start % 86400) + 86400) % 86400;
    const std::int64_t last_day = p.start_days + 200LL * 366;
    int index = 0;
    for (std::int64_t d = p.start_days; d <= last_day; ++d) {
        if (p.range == RecurrencePattern::Range::EndDate && d > p.end_days) break;
        if (p.range == RecurrencePattern::Range::Numbered && index >= p.count) break;
        if (index >= max_index) break;
        if (!matches(p, d)) continue;
        const std::int64_t start = zone.to_utc(d * 86400 + time_of_day);
        if (start >= until) break;
        out.push_back({++index, start});
    }
    return out;
}

}  // namespace calbridge::ews_standin
