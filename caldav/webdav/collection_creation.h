#pragma once
// Creating a collection with properties: MKCOL (RFC 4918 9.3), extended MKCOL (RFC 5689) and
// MKCALENDAR (RFC 4791 5.3.1) share the location rules and the property handling.
#include <string_view>
#include <vector>

#include "caldav/engine/request_context.h"
#include "caldav/http_message.h"
#include "caldav/xml/property_value.h"
#include "caldav/xml/qname.h"

namespace calbridge::caldav {

struct CollectionCreation {
    CollectionKind kind = CollectionKind::plain;
    std::vector<xml::PropertyValue> set;   // properties to set at creation
    // Root of the error body when a property cannot be set: DAV:mkcol-response (RFC 5689 5.2)
    // or CALDAV:mkcalendar-response (RFC 4791 9.3).
    xml::QName response_root;
    // The precondition answered when the parent is a calendar collection (RFC 4791 4.2):
    // CALDAV:calendar-collection-location-ok for MKCALENDAR (5.3.1.1); none for MKCOL.
    std::optional<xml::QName> location_condition;
};

// 201 on success; 405 when something exists at the URL (RFC 4918 9.3.1), 409 without a parent,
// 403 inside a calendar collection, 403 + response_root body when a property fails (nothing is
// created then).
Response create_collection(RequestContext& rq, const CollectionCreation& creation);

}  // namespace calbridge::caldav
