#pragma once
// RecurrencePattern (MS-OXOCAL 2.2.1.44.1) -> RFC 5545 RRULE, reproducing Outlook's
// expansion rules (MS-OXOCAL 2.2.1.44.1.2) rather than a look-alike:
//  - Day:      FREQ=DAILY;INTERVAL=Period/1440 (Period is in minutes).
//  - Week:     FREQ=WEEKLY;BYDAY=<mask>;WKST=<FirstDOW>. "Every weekday" is stored as a Week
//              pattern with the Mo-Fr mask (even under RecurFrequency Daily) and stays WEEKLY.
//  - Month:    day 1..28 -> BYMONTHDAY=d. Outlook moves days that a month lacks to its last
//              day, so 31 -> BYMONTHDAY=-1 and 29/30 -> BYMONTHDAY=28,..,d;BYSETPOS=-1
//              ("the last of the days 28..d that this month has").
//  - MonthEnd: BYMONTHDAY=-1.
//  - MonthNth: one weekday -> BYDAY=<n><day> (e.g. 2TU, -1FR for N=5 "last");
//              several (weekday, weekend day, day) -> BYDAY=<list>;BYSETPOS=<n or -1>.
//  - Period a multiple of 12 months (RecurFrequency Yearly, or Monthly every 12n months)
//    -> FREQ=YEARLY;INTERVAL=Period/12;BYMONTH=<m>, where m is the month FirstDateTime
//    points into (2.2.1.44.1.1: FirstDateTime is the start of month (StartMonth % Period)
//    counted from January 1601, as gromox's oxcical also reads it). A yearly day that the
//    month lacks in some years (Feb 29) becomes BYMONTHDAY=-1.
//  - EndType: AfterDate -> until_local = EndDate (the day of the last occurrence);
//    AfterNOccurrences -> COUNT (Outlook counts deleted instances too, as COUNT does before
//    EXDATE removes them); NeverEnd (0x2023 or legacy 0xFFFFFFFF) -> neither.
//  - WKST is always written from FirstDOW, so FirstDOW survives a round trip (MS-OXCICAL
//    2.1.3.2.2.1 maps it back).
// Calendars:
//  - Gregorian and the Gregorian-based era calendars (Japanese Emperor, Taiwan, Korean
//    Tangun, Thai: only year numbers differ) and any Day/Week pattern -> a plain rule.
//  - Month-based patterns in a lunar/other calendar -> RSCALE (RFC 7529) with the CLDR
//    calendar name libical's ICU evaluates: Hijri -> ISLAMIC-CIVIL (Windows' Hijri calendar
//    is the tabular civil one), Um al-Qura -> ISLAMIC-UMALQURA, Hebrew -> HEBREW, Chinese
//    lunar -> CHINESE, Korean lunar -> DANGI, Saka -> INDIAN; a warning says so, because
//    clients without RFC 7529 expand it as Gregorian. Days 29/30 use the same "last of the
//    days 29..d" BYSETPOS form as below. A yearly RSCALE rule's BYMONTH is the month of
//    StartDate in that calendar (through ICU, CLDR numbering: Hebrew 1 = Tishri); a start
//    in a leap month ("5L") throws, as RRule::by_month holds plain numbers.
//  - Japanese lunar, Eto and Rokuyou calendars have no CLDR equivalent: RecurrenceError.
// Values this function cannot turn into a correct rule (Period 0, empty day mask, N outside
// 1..5, day of month 0 or > 31, unknown PatternType/CalendarType) throw RecurrenceError
// naming the value, never a silently different rule. Oddities with an obvious meaning
// (RecurFrequency not matching PatternType, SlidingFlag, unknown EndType) are warnings.
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "converters/mapi/diagnostics.h"
#include "converters/mapi/recurrence/recurrence_blob.h"
#include "converters/mapi/time_units.h"

namespace calbridge::mapi {

class RecurrenceError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct RRule {
    std::string freq;  // DAILY, WEEKLY, MONTHLY, YEARLY
    int interval = 1;
    std::vector<std::string> by_day;  // "MO", or "2TU" / "-1FR" for a single nth weekday
    std::vector<int> by_month_day;
    std::vector<int> by_set_pos;
    std::vector<int> by_month;
    std::optional<int> count;
    // Local date (y/m/d, time 00:00) of the LAST occurrence's day = pattern EndDate, for
    // EndType AfterDate. The caller turns it into UNTIL (see to_string).
    std::optional<CivilDateTime> until_local;
    std::string wkst;                   // SU..SA
    std::optional<std::string> rscale;  // RFC 7529 calendar, e.g. "HEBREW"
    std::optional<std::string> skip;    // RFC 7529 SKIP, e.g. "BACKWARD"

    // "FREQ=WEEKLY;UNTIL=...;INTERVAL=2;BYDAY=MO,TH;WKST=SU": FREQ first (RFC 5545 3.3.10
    // requires it for older readers), then RSCALE, UNTIL, COUNT, INTERVAL (only if > 1),
    // BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS, SKIP, WKST - the order of the RFC 5545 ABNF.
    // UNTIL is written only if until_local is set. The caller passes its value because it
    // needs the time zone (RFC 5545 3.3.10: UTC date-time when DTSTART has a TZID, a DATE
    // when DTSTART is a DATE); when until_value is empty the DATE form YYYYMMDD of
    // until_local is written, which is right for all-day events only.
    std::string to_string(std::string_view until_value = {}) const;
};

// Weekday code of RFC 5545 for 0 = Sunday ... 6 = Saturday ("SU".."SA").
std::string_view rfc5545_weekday(int day);

RRule rrule_from_pattern(const RecurrencePattern& pattern, Diagnostics& diagnostics);

}  // namespace calbridge::mapi
