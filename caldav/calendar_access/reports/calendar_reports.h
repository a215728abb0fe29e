#pragma once
// The REPORTs of RFC 4791 (calendar-access): calendar-query (7.8), calendar-multiget (7.9),
// free-busy-query (7.10). Registered by register_calendar_reports (engine/report_registry.h).
#include "caldav/engine/request_context.h"
#include "caldav/http_message.h"
#include "caldav/xml/report.h"

namespace calbridge::caldav {

Response calendar_query_report(RequestContext& rq, const xml::ReportBody& body);
Response calendar_multiget_report(RequestContext& rq, const xml::ReportBody& body);
Response free_busy_query_report(RequestContext& rq, const xml::ReportBody& body);

}  // namespace calbridge::caldav
