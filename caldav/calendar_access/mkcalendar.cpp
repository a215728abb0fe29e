// MKCALENDAR (RFC 4791 5.3.1): a calendar collection with the properties of the optional
// CALDAV:mkcalendar body; 201 on success. Preconditions (5.3.1.1): DAV:resource-must-be-null
// (answered by the engine's dispatch), CALDAV:calendar-collection-location-ok (not inside a
// calendar collection), DAV:needs-privilege (the access check); a property that cannot be set
// fails the whole request with a CALDAV:mkcalendar-response body (5.3.1.2).
#include "caldav/engine/method_table.h"
#include "caldav/webdav/collection_creation.h"
#include "caldav/xml/mkcol.h"

namespace calbridge::caldav {

Response handle_mkcalendar(RequestContext& rq) {
    xml::MkcolRequest body = xml::parse_mkcalendar(rq.request.body, {.max_bytes = rq.options().max_xml_body});
    CollectionCreation creation;
    creation.kind = CollectionKind::calendar;
    creation.set = std::move(body.set);
    creation.response_root = xml::caldav_name("mkcalendar-response");
    creation.location_condition = xml::caldav_name("calendar-collection-location-ok");
    return create_collection(rq, creation);
}

}  // namespace calbridge::caldav
