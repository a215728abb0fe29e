// REPORT (RFC 3253 3.6): the body is parsed once (caldav/xml parse_report) and handed to the
// handler registered under its root element's name; a report that is unknown, or not supported
// on the target, is 403 DAV:supported-report.
#include "caldav/access/method_access.h"
#include "caldav/engine/method_table.h"
#include "caldav/engine/report_registry.h"
#include "caldav/engine/responses.h"
#include "caldav/xml/report.h"

namespace calbridge::caldav {

Response handle_report(RequestContext& rq) {
    const xml::ReportBody body = xml::parse_report(rq.request.body, {.max_bytes = rq.options().max_xml_body});
    const ReportDefinition* report = rq.services.reports.find(report_name(body));
    if (!report || !report->supported_on(rq.target)) return error_response(403, xml::dav("supported-report"));
    if (auto denied = require(rq, rq.target, report->needs)) return std::move(*denied);
    return report->handle(rq, body);
}

}  // namespace calbridge::caldav
