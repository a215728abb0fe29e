#pragma once
// One property element inside DAV:set/DAV:prop of PROPPATCH, MKCOL (RFC 5689) or MKCALENDAR:
// its name, its whole element serialised standalone (a dead property stored and returned
// verbatim, RFC 4918 4.3), and the values the engine needs for live properties.
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "caldav/xml/qname.h"

namespace calbridge::caldav::xml {

struct PropertyValue {
    QName name;
    // The element re-serialised as standalone XML: every namespace prefix it uses is declared
    // on it (xmlns="" added when an unprefixed name has no namespace), so it is well-formed on
    // its own and inside any multistatus. No XML declaration. Whitespace kept as sent.
    std::string xml;
    // Concatenated character data directly inside the element (displayname,
    // calendar-description, calendar-color, calendar-order, calendar-timezone).
    std::string text;
    // CALDAV:supported-calendar-component-set: the name attributes of its CALDAV:comp children
    // (RFC 4791 5.2.3). DAV:resourcetype: see child_names.
    std::vector<std::string> components;
    // QNames of the child elements (DAV:resourcetype: {DAV:collection, CALDAV:calendar}).
    std::vector<QName> child_names;
};

PropertyValue read_property_value(pugi::xml_node element);

// The standalone serialisation described at PropertyValue::xml.
std::string standalone_xml(pugi::xml_node element);

}  // namespace calbridge::caldav::xml
