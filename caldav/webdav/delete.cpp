// DELETE (RFC 4918 9.6): an object, or a collection with everything below it (9.6.1), in one
// Store transaction; If-Match honoured (RFC 9110 13.1.1). 204 on success. A request-target with
// a fragment never gets here (engine/request_path.h refuses it: litmus delete_fragment).
#include "caldav/engine/method_table.h"
#include "caldav/engine/request_headers.h"
#include "caldav/engine/responses.h"

namespace calbridge::caldav {

Response handle_delete(RequestContext& rq) {
    const Conditions conditions = parse_conditions(rq.request);
    const std::optional<std::string> current =
        rq.target.object ? std::optional<std::string>(rq.target.object->etag) : std::optional<std::string>("");
    if (!write_conditions_hold(conditions, current)) return text_response(412, "precondition failed");
    const WriteResult result = rq.store().remove(rq.target.path, store_precondition(conditions));
    if (result.status == WriteStatus::deleted) return empty_response(204);
    return write_result_response(result);
}

}  // namespace calbridge::caldav
