#pragma once
// PROPPATCH request body (RFC 4918 9.2, 14.19 DAV:propertyupdate): set/remove instructions in
// document order (9.2: "instructions MUST be processed in document order").
#include <string_view>
#include <vector>

#include "caldav/xml/parse.h"
#include "caldav/xml/property_value.h"

namespace calbridge::caldav::xml {

struct PropertyInstruction {
    enum class Op { set, remove };
    Op op = Op::set;
    PropertyValue prop;   // Op::remove: only prop.name is meaningful
};

struct ProppatchRequest {
    std::vector<PropertyInstruction> instructions;
};

// Throws RequestError 400 for malformed XML, a root other than DAV:propertyupdate, or no
// instruction at all.
ProppatchRequest parse_proppatch(std::string_view body, const ParseLimits& limits = {});

}  // namespace calbridge::caldav::xml
