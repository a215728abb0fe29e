#pragma once
// CALDAV:calendar-query REPORT body (RFC 4791 7.8, 9.5):
// <!ELEMENT calendar-query ((DAV:allprop | DAV:propname | DAV:prop)?, filter, timezone?)>
#include <optional>
#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "caldav/filter/calendar_filter.h"
#include "caldav/xml/parse.h"
#include "caldav/xml/prop_selection.h"

namespace calbridge::caldav::xml {

struct CalendarQuery {
    PropSelection select;              // calendar_data set when DAV:prop names calendar-data
    CalendarFilter filter;
    std::optional<std::string> timezone;   // 9.8 CALDAV:timezone: a VCALENDAR with one VTIMEZONE
};

// Throws RequestError: 400 malformed / no filter; 403 valid-filter, supported-collation,
// supported-calendar-data (see filter.h, prop_selection.h).
CalendarQuery parse_calendar_query(std::string_view body, const ParseLimits& limits = {});
CalendarQuery parse_calendar_query(pugi::xml_node root);

}  // namespace calbridge::caldav::xml
