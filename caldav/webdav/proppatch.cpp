// PROPPATCH (RFC 4918 9.2): every instruction applied in document order, all or nothing, in one
// Store transaction; the 207 lists 200 for each property on success, else 403/409 for the
// failing ones and 424 for the others.
#include "caldav/engine/method_table.h"
#include "caldav/engine/responses.h"
#include "caldav/webdav/property_update.h"
#include "caldav/xml/multistatus.h"
#include "caldav/xml/proppatch.h"

namespace calbridge::caldav {

Response handle_proppatch(RequestContext& rq) {
    const xml::ProppatchRequest body = xml::parse_proppatch(rq.request.body, {.max_bytes = rq.options().max_xml_body});
    PropertyUpdatePlan plan = plan_property_updates(rq.services, rq.target, false, body.instructions);
    if (!plan.failed) {
        const WriteResult result = rq.store().patch_properties(rq.target.path, plan.patch);
        if (result.status != WriteStatus::created && result.status != WriteStatus::replaced)
            return write_result_response(result);
    }
    xml::MultistatusWriter ms = rq.multistatus();
    ms.begin_response(rq.target.path);
    write_outcome_propstats(ms.writer(), plan.outcomes);
    ms.end_response();
    return multistatus_response(ms.finish());
}

}  // namespace calbridge::caldav
