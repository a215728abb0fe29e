#pragma once
// One DAV:response of a multistatus with the properties a PropSelection asks for (RFC 4918 9.1,
// 14.22): the found ones in a 200 propstat, the rest in a 404 propstat. Used by PROPFIND and by
// every REPORT that returns properties.
#include <vector>

#include "caldav/engine/property_registry.h"
#include "caldav/store/store.h"
#include "caldav/xml/multistatus.h"
#include "caldav/xml/prop_selection.h"

namespace calbridge::caldav {

// Dead properties are read from the Store only when the selection can need them (allprop,
// propname, or a name that is not live on the resource), so a PROPFIND Depth 1 for getetag
// reads no more than the object metadata.
void write_property_response(xml::MultistatusWriter& ms, const PropertyContext& ctx,
                             const xml::PropSelection& selection);

// The dead properties the Store keeps for a resource (none for virtual resources).
std::vector<DeadProperty> dead_properties_of(Store& store, const Resource& resource);

}  // namespace calbridge::caldav
