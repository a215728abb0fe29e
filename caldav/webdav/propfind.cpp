// PROPFIND (RFC 4918 9.1): Depth 0 and 1; Depth infinity (and a missing Depth, which means
// infinity) is refused with 403 DAV:propfind-finite-depth (9.1, 16). Depth 1 of a stored
// collection reads metadata only (Store::child_collections, Store::objects), never content.
#include "caldav/access/privileges.h"
#include "caldav/engine/method_table.h"
#include "caldav/engine/property_registry.h"
#include "caldav/engine/request_headers.h"
#include "caldav/engine/responses.h"
#include "caldav/webdav/property_writer.h"
#include "caldav/webdav/members.h"
#include "caldav/xml/propfind.h"

namespace calbridge::caldav {

Response handle_propfind(RequestContext& rq) {
    const Depth depth = parse_depth(rq.request, Depth::infinity);
    if (depth == Depth::infinity) return error_response(403, xml::dav("propfind-finite-depth"));
    const xml::PropfindRequest body =
        xml::parse_propfind(rq.request.body, {.max_bytes = rq.options().max_xml_body});

    xml::MultistatusWriter ms = rq.multistatus();
    write_property_response(ms, {rq.services, rq.who(), rq.target, &body.select}, body.select);
    if (depth == Depth::one && rq.target.is_collection()) {
        for_each_member(rq, rq.target, [&](const Resource& member) {
            write_property_response(ms, {rq.services, rq.who(), member, &body.select}, body.select);
        });
    }
    return multistatus_response(ms.finish());
}

}  // namespace calbridge::caldav
