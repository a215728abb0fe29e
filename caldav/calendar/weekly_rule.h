#pragma once
// Expansion of FREQ=WEEKLY rules. libical 3.0.16 expands those with INTERVAL > 1 and a WKST
// other than MO or SU wrongly (measured against python3-dateutil: FREQ=WEEKLY;INTERVAL=2;
// WKST=TH;BYDAY=TU,SU from Tue 2024-01-02 gives Jan 7, 9, 21 ... instead of Jan 2, 14, 16 ...;
// INTERVAL=3;WKST=WE;BYDAY=MO gives Jan 15 instead of Jan 22). RFC 5545 3.3.10: the weeks are
// the WKST-started weeks of DTSTART's week plus multiples of INTERVAL; BYDAY (ordinals are not
// allowed with WEEKLY and are ignored), BYMONTH, BYHOUR, BYMINUTE, BYSECOND and BYSETPOS apply;
// COUNT counts from DTSTART. UNTIL is the caller's (it compares in UTC). It is used for every
// WEEKLY rule, also for speed: libical's iterator goes through ICU calendars and costs ~7 us per
// occurrence (measured), this one well under 1 us.
#include <libical/ical.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace calbridge::caldav {

// FREQ=WEEKLY: expanded here, not by libical.
bool is_weekly_rule(const icalrecurrencetype& rule);

// False when the rule can produce no occurrence at all (BYMONTHDAY=30 with BYMONTH=2, or 31
// with only 30-day months): libical 3.0.16 then searches up to its last year inside one call
// (0.3-0.8 s measured), so such rules are not given to it.
bool rule_can_occur(const icalrecurrencetype& rule);

class WeeklyRuleIterator {
public:
    WeeklyRuleIterator(const icalrecurrencetype& rule, const icaltimetype& dtstart);
    // The next occurrence (wall time, same is_date as DTSTART), or a null time at the end.
    icaltimetype next();

private:
    void fill_week();

    icaltimetype dtstart_;
    std::int64_t week_start_ = 0;     // days since 1970-01-01 of the current week's first day
    int interval_ = 1;
    int count_ = 0;                   // 0 = no COUNT
    int emitted_ = 0;
    std::vector<int> weekdays_;       // 0 = Sunday
    std::vector<int> months_, hours_, minutes_, seconds_, setpos_;
    std::vector<icaltimetype> week_;  // candidates of the current week, ascending
    std::size_t pos_ = 0;
    int empty_weeks_ = 0;             // consecutive weeks without a candidate (guards impossible rules)
};

}  // namespace calbridge::caldav
