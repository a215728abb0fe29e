#pragma once
// EWS recurrence (types.xsd RecurrenceType: one pattern + one range) and its expansion into
// occurrences. The expander walks local calendar days in the series' time zone (StartTimeZone,
// a Windows id, mapped to IANA through CLDR: converters/ical/windows_zones.h) and keeps the days
// the pattern matches, so InstanceIndex is "1-based position in the pattern" as Exchange
// counts it (MS-OXWSCORE OccurrenceItemId; deleted occurrences keep their index).
#include <pugixml.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace calbridge::ews_standin {

struct RecurrencePattern {
    enum class Kind { Daily, Weekly, AbsoluteMonthly, RelativeMonthly, AbsoluteYearly, RelativeYearly };
    enum class Range { NoEnd, EndDate, Numbered };
    Kind kind = Kind::Daily;
    int interval = 1;
    std::vector<int> weekdays;  // 0 = Sunday .. 6 = Saturday; Day = all 7, Weekday = 1..5, WeekendDay = 0,6
    int first_day_of_week = 0;
    int day_of_month = 1;
    int month = 1;              // 1..12
    int week_index = 1;         // 1..4, -1 = Last
    Range range = Range::NoEnd;
    std::int64_t start_days = 0;  // days since 1970-01-01 (local date)
    std::int64_t end_days = 0;    // EndDate range: inclusive
    int count = 0;                // Numbered range
};

// Reads t:Recurrence. nullopt with *error set when a pattern or range is missing or unknown.
std::optional<RecurrencePattern> parse_recurrence(pugi::xml_node recurrence, std::string* error);

// Local time of a Windows zone through ICU; unknown zones behave as UTC.
class ZoneClock {
public:
    explicit ZoneClock(const std::string& windows_zone);
    std::int64_t to_local(std::int64_t utc) const;
    std::int64_t to_utc(std::int64_t local) const;

private:
    int offset_minutes_at(std::int64_t utc) const;
    std::string iana_;
};

struct Occurrence {
    int index = 0;             // 1-based position in the pattern
    std::int64_t start = 0;    // UTC (the original start, before any exception moved it)
};

// Occurrences of a series whose first instance starts at master_start (UTC) in zone, with
// index <= max_index and start < until (UTC); every one for a bounded range when both allow.
// Walks at most 200 years of days.
std::vector<Occurrence> expand(const RecurrencePattern& pattern, std::int64_t master_start, const ZoneClock& zone,
                               std::int64_t until, int max_index);

}  // namespace calbridge::ews_standin
