#pragma once
// The CALDAV:filter of a calendar-query REPORT (RFC 4791 9.7) as plain values: caldav/xml parses
// the request body into these, caldav/calendar evaluates them against iCalendar objects.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "caldav/store/store.h"

namespace calbridge::caldav {

// RFC 4791 9.9 CALDAV:time-range; a missing start or end attribute is -infinity / +infinity.
// Values are UTC unix seconds.
struct TimeRange {
    std::int64_t start = kTimeMin;
    std::int64_t end = kTimeMax;
};

// RFC 4791 9.7.5 CALDAV:text-match; collation per RFC 4790: "i;ascii-casemap" (default),
// "i;octet"; RFC 5051 "i;unicode-casemap" is accepted too. An unsupported collation is an
// error (CALDAV:supported-collation) found while parsing, never silently replaced.
struct TextMatch {
    std::string text;
    std::string collation = "i;ascii-casemap";
    bool negate = false;   // negate-condition="yes"
};

// RFC 4791 9.7.3 CALDAV:param-filter
struct ParamFilter {
    std::string name;                      // e.g. "PARTSTAT"
    bool is_not_defined = false;
    std::optional<TextMatch> text_match;
};

// RFC 4791 9.7.2 CALDAV:prop-filter
struct PropFilter {
    std::string name;                      // e.g. "UID", "SUMMARY", "ATTENDEE"
    bool is_not_defined = false;
    std::optional<TimeRange> time_range;   // only for date/date-time properties
    std::optional<TextMatch> text_match;
    std::vector<ParamFilter> param_filters;   // all must match (RFC 4791 9.7.2)
};

// RFC 4791 9.7.1 CALDAV:comp-filter
struct CompFilter {
    std::string name;                      // "VCALENDAR", "VEVENT", "VTODO", "VALARM", ...
    bool is_not_defined = false;
    std::optional<TimeRange> time_range;
    std::vector<PropFilter> prop_filters;
    std::vector<CompFilter> comp_filters;
};

// RFC 4791 9.7: the top-level comp-filter always names VCALENDAR.
struct CalendarFilter {
    CompFilter root;
};

}  // namespace calbridge::caldav
