#include "converters/ews/recurrence_from_ews.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "converters/ews/ews_values.h"
#include "converters/ews/ews_xml.h"

namespace calbridge::ews {

namespace {

using mapi::CivilDateTime;

struct Problem {
    std::string what;
};

std::string required_text(pugi::xml_node parent, const char* local, const std::string& where) {
    auto t = child_text(parent, local);
    if (!t) throw Problem{where + " has no " + local};
    return *t;
}

int positive_int(pugi::xml_node parent, const char* local, const std::string& where) {
    const std::string t = required_text(parent, local, where);
    char* end = nullptr;
    const long v = std::strtol(t.c_str(), &end, 10);
    if (end == t.c_str() || *end != '\0' || v < 1 || v > 100000)
        throw Problem{where + "/" + local + " \"" + t + "\" is not a positive number"};
    return static_cast<int>(v);
}

std::uint32_t day_mask_list(const std::string& text, const std::string& where) {
    // DaysOfWeekType is an xs:list of DayOfWeekType.
    std::uint32_t mask = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto start = text.find_first_not_of(" \t\r\n", pos);
        if (start == std::string::npos) break;
        const auto stop = text.find_first_of(" \t\r\n", start);
        const std::string word = text.substr(start, stop == std::string::npos ? std::string::npos : stop - start);
        auto bits = parse_day_mask(word);
        if (!bits) throw Problem{where + "/DaysOfWeek \"" + word + "\" is not a day of the week"};
        mask |= *bits;
        pos = stop == std::string::npos ? text.size() : stop;
    }
    if (mask == 0) throw Problem{where + "/DaysOfWeek is empty"};
    return mask;
}

std::uint32_t nth_of(pugi::xml_node p, const std::string& where) {
    const std::string t = required_text(p, "DayOfWeekIndex", where);
    auto n = parse_day_index(t);
    if (!n) throw Problem{where + "/DayOfWeekIndex \"" + t + "\" is not First..Fourth or Last"};
    return *n;
}

int month_of(pugi::xml_node p, const std::string& where) {
    const std::string t = required_text(p, "Month", where);
    auto m = parse_month(t);
    if (!m) throw Problem{where + "/Month \"" + t + "\" is not a month name"};
    return *m;
}

// MS-OXOCAL 2.2.1.44.1.1 FirstDateTime for month-based patterns.
std::uint32_t month_first_date_time(const CivilDateTime& start, int period_months) {
    const int months = (start.year - 1601) * 12 + (start.month - 1);
    const int k = months % period_months;
    return mapi::mapi_minutes_from_civil(CivilDateTime{1601 + k / 12, k % 12 + 1, 1, 0, 0, 0});
}

// Sets the pattern from the first pattern element found.
void read_pattern(pugi::xml_node recurrence, mapi::RecurrencePattern& p, const CivilDateTime& series_start) {
    using mapi::PatternType;
    using mapi::RecurFrequency;
    if (pugi::xml_node d = child(recurrence, "DailyRecurrence")) {
        p.frequency = RecurFrequency::Daily;
        p.pattern_type = PatternType::Day;
        p.period = static_cast<std::uint32_t>(positive_int(d, "Interval", "DailyRecurrence")) * 1440;
        // FirstDateTime of a daily pattern: minutes from 1601-01-01 to StartDate, mod Period.
        p.first_date_time = p.start_date % p.period;
    } else if (pugi::xml_node w = child(recurrence, "WeeklyRecurrence")) {
        p.frequency = RecurFrequency::Weekly;
        p.pattern_type = PatternType::Week;
        p.period = static_cast<std::uint32_t>(positive_int(w, "Interval", "WeeklyRecurrence"));
        p.day_mask = day_mask_list(required_text(w, "DaysOfWeek", "WeeklyRecurrence"), "WeeklyRecurrence");
        if (auto first = child_text(w, "FirstDayOfWeek")) {
            auto bit = parse_day_mask(*first);
            if (!bit || (*bit & (*bit - 1)) != 0) throw Problem{"WeeklyRecurrence/FirstDayOfWeek \"" + *first + "\" is not a day"};
            for (std::uint32_t day = 0; day < 7; ++day)
                if (*bit == (1u << day)) p.first_dow = day;
        }
    } else if (pugi::xml_node am = child(recurrence, "AbsoluteMonthlyRecurrence")) {
        p.frequency = RecurFrequency::Monthly;
        p.pattern_type = PatternType::Month;
        p.period = static_cast<std::uint32_t>(positive_int(am, "Interval", "AbsoluteMonthlyRecurrence"));
        p.day_of_month = static_cast<std::uint32_t>(positive_int(am, "DayOfMonth", "AbsoluteMonthlyRecurrence"));
        if (p.day_of_month > 31) throw Problem{"AbsoluteMonthlyRecurrence/DayOfMonth is above 31"};
    } else if (pugi::xml_node rm = child(recurrence, "RelativeMonthlyRecurrence")) {
        p.frequency = RecurFrequency::Monthly;
        p.pattern_type = PatternType::MonthNth;
        p.period = static_cast<std::uint32_t>(positive_int(rm, "Interval", "RelativeMonthlyRecurrence"));
        p.day_mask = day_mask_list(required_text(rm, "DaysOfWeek", "RelativeMonthlyRecurrence"), "RelativeMonthlyRecurrence");
        p.nth = nth_of(rm, "RelativeMonthlyRecurrence");
    } else if (pugi::xml_node ay = child(recurrence, "AbsoluteYearlyRecurrence")) {
        p.frequency = RecurFrequency::Yearly;
        p.pattern_type = PatternType::Month;
        p.period = 12;
        p.day_of_month = static_cast<std::uint32_t>(positive_int(ay, "DayOfMonth", "AbsoluteYearlyRecurrence"));
        if (p.day_of_month > 31) throw Problem{"AbsoluteYearlyRecurrence/DayOfMonth is above 31"};
        const int month = month_of(ay, "AbsoluteYearlyRecurrence");
        p.first_date_time = mapi::mapi_minutes_from_civil(CivilDateTime{1601, month, 1, 0, 0, 0});
        return;
    } else if (pugi::xml_node ry = child(recurrence, "RelativeYearlyRecurrence")) {
        p.frequency = RecurFrequency::Yearly;
        p.pattern_type = PatternType::MonthNth;
        p.period = 12;
        p.day_mask = day_mask_list(required_text(ry, "DaysOfWeek", "RelativeYearlyRecurrence"), "RelativeYearlyRecurrence");
        p.nth = nth_of(ry, "RelativeYearlyRecurrence");
        const int month = month_of(ry, "RelativeYearlyRecurrence");
        p.first_date_time = mapi::mapi_minutes_from_civil(CivilDateTime{1601, month, 1, 0, 0, 0});
        return;
    } else {
        throw Problem{"Recurrence has no pattern this converter knows (Daily, Weekly, Absolute/RelativeMonthly, "
                      "Absolute/RelativeYearly)"};
    }
    if (p.pattern_type == PatternType::Month || p.pattern_type == PatternType::MonthNth)
        p.first_date_time = month_first_date_time(series_start, static_cast<int>(p.period));
}

void read_range(pugi::xml_node recurrence, mapi::RecurrencePattern& p, CivilDateTime& series_start) {
    pugi::xml_node range;
    const char* kind = nullptr;
    for (const char* name : {"NoEndRecurrence", "EndDateRecurrence", "NumberedRecurrence"})
        if ((range = child(recurrence, name))) {
            kind = name;
            break;
        }
    if (!range) throw Problem{"Recurrence has no range (NoEnd, EndDate or Numbered)"};
    const std::string start_text = required_text(range, "StartDate", kind);
    auto start = parse_date(start_text);
    if (!start) throw Problem{std::string(kind) + "/StartDate \"" + start_text + "\" is not a date"};
    series_start = *start;
    p.start_date = mapi::mapi_minutes_from_civil(*start);
    if (std::string_view(kind) == "NoEndRecurrence") {
        p.end_type = mapi::EndType::NeverEnd;
        p.end_date = mapi::kNeverEndDate;
    } else if (std::string_view(kind) == "EndDateRecurrence") {
        const std::string end_text = required_text(range, "EndDate", kind);
        auto end = parse_date(end_text);
        if (!end) throw Problem{"EndDateRecurrence/EndDate \"" + end_text + "\" is not a date"};
        p.end_type = mapi::EndType::AfterDate;
        p.end_date = mapi::mapi_minutes_from_civil(*end);
    } else {
        p.end_type = mapi::EndType::AfterNOccurrences;
        p.occurrence_count = static_cast<std::uint32_t>(positive_int(range, "NumberOfOccurrences", kind));
        p.end_date = mapi::kNeverEndDate;  // Outlook stores the last occurrence's date; not needed to render COUNT
    }
}

}  // namespace

std::optional<mapi::AppointmentRecurrence> recurrence_from_ews(pugi::xml_node recurrence,
                                                               const CivilDateTime& first_start_local,
                                                               std::int64_t duration_minutes, mapi::Diagnostics& diag) {
    mapi::AppointmentRecurrence r;
    try {
        CivilDateTime series_start{first_start_local.year, first_start_local.month, first_start_local.day, 0, 0, 0};
        read_range(recurrence, r.pattern, series_start);
        read_pattern(recurrence, r.pattern, series_start);
    } catch (const Problem& p) {
        diag.warn("Recurrence: " + p.what + "; read as a single occurrence");
        return std::nullopt;
    }
    // MS-OXOCAL 2.2.1.44.5: StartTimeOffset/EndTimeOffset in minutes after midnight of the
    // occurrence's (start) day.
    r.start_time_offset = static_cast<std::uint32_t>(first_start_local.hour * 60 + first_start_local.minute);
    r.end_time_offset = static_cast<std::uint32_t>(r.start_time_offset + std::max<std::int64_t>(duration_minutes, 0));
    return r;
}

}  // namespace calbridge::ews
