#pragma once
// FindItem's m:Restriction (types.xsd RestrictionType, MS-OXWSSRCH 2.2.4.x) evaluated against
// an item's properties: And, Or, Not, Exists, Contains, IsEqualTo, IsNotEqualTo,
// IsGreaterThan(OrEqualTo), IsLessThan(OrEqualTo) on a FieldURI (item:/calendar:) or an
// ExtendedFieldURI (e.g. PidLidGlobalObjectId, how a client finds an item by UID).
#include <libxml/tree.h>
#include <pugixml.hpp>

namespace calbridge::ews_standin {

// A property path Exchange cannot search on in a restriction (calendar:UID: clients find items
// by UID through PidLidGlobalObjectId instead; exchangelib refuses "filtering on field 'uid'",
// and Exchange answers such a FindItem with an error). Empty when the restriction is usable.
std::string unsupported_path(const xmlNode* expression);
// `expression` is the element inside m:Restriction; `props` what collect_properties gives.
bool restriction_matches(const xmlNode* expression, pugi::xml_node props);

}  // namespace calbridge::ews_standin
