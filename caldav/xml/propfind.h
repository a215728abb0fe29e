#pragma once
// PROPFIND request body (RFC 4918 9.1, 14.20): DAV:prop | DAV:allprop [DAV:include] | DAV:propname.
#include <string_view>

#include "caldav/xml/parse.h"
#include "caldav/xml/prop_selection.h"

namespace calbridge::caldav::xml {

struct PropfindRequest {
    PropSelection select;   // an empty body is allprop (RFC 4918 9.1)
};

// Throws RequestError (400 malformed / wrong root / no prop|allprop|propname child).
PropfindRequest parse_propfind(std::string_view body, const ParseLimits& limits = {});

}  // namespace calbridge::caldav::xml
