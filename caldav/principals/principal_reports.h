#pragma once
// Reports on principals: DAV:expand-property (RFC 3253 3.8, as Apple Calendar uses it on the
// principal), principal-match (RFC 3744 9.3), principal-property-search (9.4) and
// principal-search-property-set (9.5). Registered by register_principal_reports
// (engine/report_registry.h). acl-principal-prop-set (9.2) is not registered: calbridge does not
// implement RFC 3744 ACLs (no "access-control" DAV class), so it is 403 DAV:supported-report.
#include <optional>
#include <vector>

#include "caldav/engine/request_context.h"
#include "caldav/http_message.h"
#include "caldav/xml/report.h"

namespace calbridge::caldav {

Response expand_property_report(RequestContext& rq, const xml::ReportBody& body);
Response principal_match_report(RequestContext& rq, const xml::ReportBody& body);
Response principal_property_search_report(RequestContext& rq, const xml::ReportBody& body);
Response principal_search_property_set_report(RequestContext& rq, const xml::ReportBody& body);

// The resource an href names, when the user may read it (DAV:read; decoded like a request target).
std::optional<Resource> visible_resource(RequestContext& rq, std::string_view href);
// The principals the user may see: their own (issue 6 adds those shared with them).
std::vector<Resource> visible_principals(RequestContext& rq);

}  // namespace calbridge::caldav
