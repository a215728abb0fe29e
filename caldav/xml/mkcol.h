#pragma once
// Bodies that create a collection with properties: extended MKCOL (RFC 5689 5.1, DAV:mkcol)
// and MKCALENDAR (RFC 4791 5.3.1, CALDAV:mkcalendar). Both are DAV:set/DAV:prop lists.
#include <string_view>
#include <vector>

#include "caldav/xml/parse.h"
#include "caldav/xml/property_value.h"

namespace calbridge::caldav::xml {

struct MkcolRequest {
    // DAV:resourcetype children given in the body (RFC 5689 3: e.g. {DAV:collection,
    // CALDAV:calendar}); empty when not given. Not repeated in `set`.
    std::vector<QName> resourcetype;
    bool has_resourcetype = false;
    // Every other property of the DAV:set elements, in document order. For MKCALENDAR the
    // CALDAV:supported-calendar-component-set entry carries its components.
    std::vector<PropertyValue> set;
};

// An empty (blank) body gives an empty request. Throws RequestError 400 for malformed XML or a
// wrong root; RFC 5689 allows only DAV:set inside DAV:mkcol (DAV:remove -> 400).
MkcolRequest parse_mkcol(std::string_view body, const ParseLimits& limits = {});
MkcolRequest parse_mkcalendar(std::string_view body, const ParseLimits& limits = {});

}  // namespace calbridge::caldav::xml
