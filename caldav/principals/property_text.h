#pragma once
// A property of a resource read back as values, for the reports that look inside property
// values (expand-property, RFC 3253 3.8; principal-match, RFC 3744 9.3; principal-property-search,
// 9.4): the property is written exactly as PROPFIND writes it (live handler or stored dead
// property) and its children are read from that, so no property has a second implementation.
#include <optional>
#include <string>
#include <vector>

#include "caldav/engine/property_registry.h"

namespace calbridge::caldav {

struct RenderedProperty {
    std::string xml;                  // the property element, self-contained
    std::vector<std::string> hrefs;   // its DAV:href children, as written (percent-encoded)
    std::string text;                 // all its character data, concatenated (descendants too)
};

// nullopt when the property has no value on the resource (PROPFIND would answer 404).
std::optional<RenderedProperty> render_property(const PropertyContext& ctx, const xml::QName& name);

}  // namespace calbridge::caldav
