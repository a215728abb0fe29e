#pragma once
// CALDAV:free-busy-query REPORT body (RFC 4791 7.10): <!ELEMENT free-busy-query (time-range)>
#include <string_view>

#include <pugixml.hpp>

#include "caldav/filter/calendar_filter.h"
#include "caldav/xml/parse.h"

namespace calbridge::caldav::xml {

struct FreeBusyQuery {
    TimeRange range;   // start or end may be open (9.9); at least one is given
};

// Throws RequestError 400 when time-range is missing or its values are not UTC (9.9).
FreeBusyQuery parse_free_busy_query(std::string_view body, const ParseLimits& limits = {});
FreeBusyQuery parse_free_busy_query(pugi::xml_node root);

}  // namespace calbridge::caldav::xml
