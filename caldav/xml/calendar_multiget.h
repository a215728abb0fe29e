#pragma once
// CALDAV:calendar-multiget REPORT body (RFC 4791 7.9, 9.10):
// <!ELEMENT calendar-multiget ((DAV:allprop | DAV:propname | DAV:prop)?, DAV:href+)>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "caldav/xml/parse.h"
#include "caldav/xml/prop_selection.h"

namespace calbridge::caldav::xml {

struct CalendarMultiget {
    PropSelection select;
    // As sent (percent-encoded, maybe absolute URLs), surrounding whitespace trimmed; decode
    // with decode_href() (caldav/xml/href.h). Document order, duplicates kept.
    std::vector<std::string> hrefs;
};

// Throws RequestError 400 for malformed XML or no DAV:href.
CalendarMultiget parse_calendar_multiget(std::string_view body, const ParseLimits& limits = {});
CalendarMultiget parse_calendar_multiget(pugi::xml_node root);

}  // namespace calbridge::caldav::xml
