#pragma once
// The members of a collection (RFC 4918 5.2 internal members) as resources, for PROPFIND
// Depth 1 and the reports: virtual collections list what the user may see; stored collections
// list sub-collections and objects from metadata only.
#include <functional>

#include "caldav/engine/request_context.h"
#include "caldav/engine/resource.h"

namespace calbridge::caldav {

// Calls each(member) for every internal member of `collection` that rq.user may read.
void for_each_member(RequestContext& rq, const Resource& collection,
                     const std::function<void(const Resource&)>& each);

}  // namespace calbridge::caldav
