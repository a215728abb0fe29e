#pragma once
// DAV:expand-property REPORT body (RFC 3253 3.8), as Apple clients send it for
// calendar-proxy and principal discovery:
// <!ELEMENT expand-property (property*)> <!ELEMENT property (property*)>
// <!ATTLIST property name NMTOKEN #REQUIRED namespace NMTOKEN "DAV:">
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "caldav/xml/parse.h"
#include "caldav/xml/qname.h"

namespace calbridge::caldav::xml {

struct ExpandProperty {
    QName name;
    std::vector<ExpandProperty> children;   // properties to report on the hrefs this one holds
};

struct ExpandPropertyReport {
    std::vector<ExpandProperty> properties;
};

// Throws RequestError 400 for malformed XML or a property element without a name.
ExpandPropertyReport parse_expand_property(std::string_view body, const ParseLimits& limits = {});
ExpandPropertyReport parse_expand_property(pugi::xml_node root);

}  // namespace calbridge::caldav::xml
