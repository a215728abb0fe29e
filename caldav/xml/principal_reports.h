#pragma once
// RFC 3744 9 reports on principals: acl-principal-prop-set (9.2), principal-match (9.3),
// principal-property-search (9.4, sent by Apple Calendar for attendee look-up) and
// principal-search-property-set (9.5).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "caldav/xml/parse.h"
#include "caldav/xml/qname.h"

namespace calbridge::caldav::xml {

// 9.2 <!ELEMENT acl-principal-prop-set ANY> with a DAV:prop inside.
struct AclPrincipalPropSet {
    std::vector<QName> props;
};

// 9.3 <!ELEMENT principal-match ((principal-property | self), prop?)>
struct PrincipalMatch {
    bool self = false;                      // DAV:self
    std::optional<QName> principal_property;   // the property inside DAV:principal-property
    std::vector<QName> props;
};

// 9.4 <!ELEMENT property-search ((DAV:prop), (DAV:match))>
struct PropertySearch {
    std::vector<QName> props;
    std::string match;                  // the text to look for
    // Apple/CalendarServer extension attribute match-type: "contains" (RFC 3744 default
    // semantics: case-insensitive substring), "starts-with", "equals".
    std::string match_type = "contains";
};

// 9.4 <!ELEMENT principal-property-search ((property-search+), prop?,
//                                           apply-to-principal-collection-set?)>
struct PrincipalPropertySearch {
    std::vector<PropertySearch> searches;
    bool any_of = false;                 // test="anyof" (CalendarServer extension); default allof
    std::vector<QName> props;
    bool apply_to_principal_collection_set = false;
};

// 9.5: the body is an empty DAV:principal-search-property-set element.
struct PrincipalSearchPropertySet {};

AclPrincipalPropSet parse_acl_principal_prop_set(pugi::xml_node root);
PrincipalMatch parse_principal_match(pugi::xml_node root);
PrincipalPropertySearch parse_principal_property_search(pugi::xml_node root);

AclPrincipalPropSet parse_acl_principal_prop_set(std::string_view body, const ParseLimits& limits = {});
PrincipalMatch parse_principal_match(std::string_view body, const ParseLimits& limits = {});
PrincipalPropertySearch parse_principal_property_search(std::string_view body,
                                                        const ParseLimits& limits = {});

}  // namespace calbridge::caldav::xml
