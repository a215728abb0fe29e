#pragma once
// Which properties a PROPFIND or a REPORT asks for: DAV:prop | DAV:allprop (+ DAV:include) |
// DAV:propname (RFC 4918 14.20, 14.8, 14.21), and the CALDAV:calendar-data request that may sit
// inside DAV:prop of a REPORT (RFC 4791 9.6).
#include <optional>
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "caldav/filter/calendar_filter.h"
#include "caldav/xml/qname.h"

namespace calbridge::caldav::xml {

// RFC 4791 9.6.4 CALDAV:prop inside CALDAV:comp: an iCalendar property to return.
struct ICalPropSelect {
    std::string name;        // "SUMMARY"
    bool novalue = false;    // novalue="yes": the property without its value
};

// RFC 4791 9.6.1 CALDAV:comp: <!ELEMENT comp ((allprop | prop*), (allcomp | comp*))>.
// No CALDAV:prop and no allprop means no properties; likewise for components.
struct CompSelect {
    std::string name;                    // "VCALENDAR", "VEVENT", ...
    bool all_props = false;              // CALDAV:allprop
    std::vector<ICalPropSelect> props;
    bool all_comps = false;              // CALDAV:allcomp
    std::vector<CompSelect> comps;
};

// RFC 4791 9.6 CALDAV:calendar-data as a request: which parts of each object to return.
// content-type/version other than text/calendar 2.0 are refused while parsing
// (403 CALDAV:supported-calendar-data, RFC 4791 7.8 / 7.9 preconditions).
struct CalendarDataRequest {
    std::optional<CompSelect> comp;                   // 9.6.1; nullopt = the whole object
    std::optional<TimeRange> expand;                  // 9.6.5 (start and end both required)
    std::optional<TimeRange> limit_recurrence_set;    // 9.6.6
    std::optional<TimeRange> limit_freebusy_set;      // 9.6.7
};

struct PropSelection {
    enum class Kind { allprop, propname, prop };
    Kind kind = Kind::allprop;
    std::vector<QName> props;      // Kind::prop: the requested names, in document order
    std::vector<QName> include;    // Kind::allprop: DAV:include (RFC 4918 14.8)
    // Set when DAV:prop names CALDAV:calendar-data (its QName is in props too).
    std::optional<CalendarDataRequest> calendar_data;

    bool wants(const QName& q) const;   // Kind::prop: named; allprop: named in include
};

// Reads the DAV:prop / DAV:allprop / DAV:propname (and DAV:include) children of parent.
// With none of them present the result is Kind::allprop unless `required` (then 400).
PropSelection parse_prop_selection(pugi::xml_node parent, bool required);

// Reads the property names inside one DAV:prop element (children's QNames, document order).
std::vector<QName> parse_prop_names(pugi::xml_node prop);

// Reads a CALDAV:calendar-data request element (RFC 4791 9.6).
CalendarDataRequest parse_calendar_data_request(pugi::xml_node calendar_data);

}  // namespace calbridge::caldav::xml
