#pragma once
// RFC 5545 RRULE -> EWS RecurrenceType (types.xsd: a pattern, then a range). EWS can express
// what Outlook can (MS-OXOCAL 2.2.1.44.1), which is a subset of RRULE:
//   DAILY;INTERVAL=n                         -> DailyRecurrence n
//   DAILY;BYDAY=<days> (interval 1)          -> WeeklyRecurrence 1 (Outlook's "every weekday")
//   WEEKLY;INTERVAL=n[;BYDAY=<days>][;WKST]  -> WeeklyRecurrence n, FirstDayOfWeek = WKST (default MO)
//   MONTHLY;BYMONTHDAY=d (1..31)             -> AbsoluteMonthlyRecurrence d; -1 -> 31, and
//        Outlook's "28,29,30;BYSETPOS=-1" (day 30, clipped) -> 30: Exchange moves a day a
//        month lacks to its last day, as these rules say
//   MONTHLY;BYDAY=nDD (n 1..4, -1)           -> RelativeMonthlyRecurrence
//   MONTHLY;BYDAY=MO,..,FR|SA,SU|all;BYSETPOS=n -> RelativeMonthly with Weekday/WeekendDay/Day
//   YEARLY;BYMONTH=m;BYMONTHDAY=d | BYDAY=nDD -> Absolute/RelativeYearlyRecurrence
//   YEARLY;INTERVAL=n>1                       -> the monthly form with Interval 12n (EWS has
//        no yearly interval; Outlook stores yearly series as 12n-month periods too)
//   missing BYDAY/BYMONTHDAY/BYMONTH         -> taken from DTSTART (RFC 5545 3.3.10)
//   COUNT / UNTIL / neither                  -> NumberedRecurrence / EndDateRecurrence / NoEnd
// Anything else (SECONDLY..HOURLY, BYHOUR/BYMINUTE/BYSECOND, BYYEARDAY, BYWEEKNO, several
// months or month days, RSCALE, mixed ordinals) has no EWS form: nullopt with a warning
// naming the rule part.
#include <optional>
#include <string>

#include <libical/ical.h>
#include <pugixml.hpp>

#include "converters/mapi/diagnostics.h"
#include "converters/mapi/time_units.h"

namespace calbridge::ews {

struct EwsRecurrence {
    enum class Pattern { Daily, Weekly, AbsoluteMonthly, RelativeMonthly, AbsoluteYearly, RelativeYearly };
    enum class Range { NoEnd, EndDate, Numbered };
    Pattern pattern = Pattern::Daily;
    int interval = 1;                        // Daily, Weekly, *Monthly
    std::string days_of_week;                // "Monday Wednesday" (Weekly) or one DayOfWeekType
    std::optional<std::string> first_day_of_week;  // Weekly
    int day_of_month = 0;                    // Absolute*
    std::string day_of_week_index;           // Relative*: First..Fourth, Last
    int month = 0;                           // *Yearly: 1..12
    Range range = Range::NoEnd;
    mapi::CivilDateTime start_date;          // the local date of DTSTART
    mapi::CivilDateTime end_date;            // EndDate: the local date of UNTIL
    int count = 0;                           // Numbered
};

// `dtstart_local`: DTSTART on the series' wall clock; `until_local_date`: UNTIL converted to
// that wall clock (its date is used), when the rule has UNTIL.
std::optional<EwsRecurrence> recurrence_to_ews(const icalrecurrencetype& rule, const mapi::CivilDateTime& dtstart_local,
                                               const std::optional<mapi::CivilDateTime>& until_local,
                                               mapi::Diagnostics& diag);

// Appends <t:Recurrence> with the pattern and range elements in schema order.
void append_recurrence(pugi::xml_node parent, const EwsRecurrence& recurrence);

}  // namespace calbridge::ews
