// MKCOL (RFC 4918 9.3) and extended MKCOL (RFC 5689 3, 5.1): a body that is not a DAV:mkcol
// document is refused with 415 (RFC 4918 9.3: "a MKCOL request entity type it does not support or
// understand"); DAV:resourcetype chooses a plain or a calendar collection, anything else is
// 403 DAV:valid-resourcetype (RFC 5689 3.3).
#include <algorithm>

#include "caldav/engine/method_table.h"
#include "caldav/engine/responses.h"
#include "caldav/webdav/collection_creation.h"
#include "caldav/xml/mkcol.h"
#include "caldav/xml/parse.h"

namespace calbridge::caldav {

Response handle_mkcol(RequestContext& rq) {
    CollectionCreation creation;
    creation.response_root = xml::dav("mkcol-response");
    if (!xml::is_blank(rq.request.body)) {
        xml::MkcolRequest body;
        try {
            body = xml::parse_mkcol(rq.request.body, {.max_bytes = rq.options().max_xml_body});
        } catch (const xml::RequestError& e) {
            if (e.status() == 413) throw;
            return text_response(415, "MKCOL body is not an extended MKCOL request (RFC 4918 9.3, RFC 5689)");
        }
        if (body.has_resourcetype) {
            const auto& types = body.resourcetype;
            auto has = [&](const xml::QName& q) { return std::find(types.begin(), types.end(), q) != types.end(); };
            const bool calendar = has(xml::caldav_name("calendar"));
            const std::size_t known = 1 + (calendar ? 1 : 0);
            if (!has(xml::dav("collection")) || types.size() != known)
                return error_response(403, xml::dav("valid-resourcetype"));
            if (calendar) creation.kind = CollectionKind::calendar;
        }
        creation.set = std::move(body.set);
    }
    return create_collection(rq, creation);
}

}  // namespace calbridge::caldav
