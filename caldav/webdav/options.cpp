// OPTIONS (RFC 9110 9.3.7): Allow for the resource and the DAV compliance classes
// (RFC 4918 10.1 / 18; RFC 4791 5.1 calendar-access; RFC 5689 3 extended-mkcol).
#include "caldav/engine/method_table.h"
#include "caldav/engine/responses.h"

namespace calbridge::caldav {

Response handle_options(RequestContext& rq) {
    Response r = empty_response(200);
    r.headers.set("DAV", std::string(kDavHeader));
    r.headers.set("Allow", allow_header(rq.target));
    return r;
}

}  // namespace calbridge::caldav
