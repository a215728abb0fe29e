#pragma once
// CALDAV:filter (RFC 4791 9.7) -> caldav::CalendarFilter, modelled on sabre/dav's
// Xml/Filter/{CompFilter,PropFilter,ParamFilter}.php.
#include <pugixml.hpp>

#include "caldav/filter/calendar_filter.h"

namespace calbridge::caldav::xml {

// Throws RequestError:
//   403 CALDAV:valid-filter — no or several top-level comp-filters, the top one not VCALENDAR,
//       a filter element without its name attribute, a time-range value that is not UTC
//       (RFC 4791 9.9) or with end <= start;
//   403 CALDAV:supported-collation — text-match with a collation other than i;ascii-casemap,
//       i;octet (RFC 4790) or i;unicode-casemap (RFC 5051).
// Component, property and parameter names come out upper-cased (iCalendar names are
// case-insensitive, RFC 5545 2).
CalendarFilter parse_filter(pugi::xml_node filter);

// RFC 4791 9.7.5 text-match on its own (used by the filter; exposed for tests).
TextMatch parse_text_match(pugi::xml_node text_match);

}  // namespace calbridge::caldav::xml
