#pragma once
// The time range of the aggregated free/busy URL (issue 6, /freebusy/<user>.vfb): the query
// parameters start and end, each a UTC date-time YYYYMMDDTHHMMSSZ (the form of RFC 4791 9.9
// time-range values, RFC 5545 3.3.5 FORM #2).
//
//   neither given   now - 7 days .. now + 60 days (what Outlook's Internet Free/Busy fetches:
//                   it adds no parameters to the %NAME%.vfb template)
//   only start      start .. start + 67 days (the default length)
//   only end        end - 67 days .. end
//   both            start .. end; end must be after start
// At most kMaxFreeBusyUrlDays long. Other parameters are ignored (cache busters); start or end
// given twice, empty, or not in that form is an error with a message that names the parameter,
// the value and the form expected.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "caldav/filter/calendar_filter.h"

namespace calbridge::caldav {

inline constexpr std::int64_t kMaxFreeBusyUrlDays = 366;
inline constexpr std::int64_t kFreeBusyUrlDaysBefore = 7;
inline constexpr std::int64_t kFreeBusyUrlDaysAfter = 60;

struct FreeBusyRangeError {
    std::string message;   // for a 400 body, e.g. "start: '2024-03-01' is not ..."
};

// query: the part of the request-target after '?' (without it), possibly empty. now: unix seconds.
std::variant<TimeRange, FreeBusyRangeError> free_busy_url_range(std::string_view query, std::int64_t now);

// The query of a request-target: what follows the first '?', or "".
std::string_view target_query(std::string_view target);

}  // namespace calbridge::caldav
