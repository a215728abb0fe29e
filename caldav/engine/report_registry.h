#pragma once
// REPORT handlers registered by the qualified name of the report's root element (RFC 3253 3.6;
// DESIGN.md: handler tables keyed by QName, after Xandikos' Reporter classes).
//
// For the helper adding reports: write one function
//     Response handle_calendar_query(RequestContext& rq, const xml::ReportBody& body);
// that takes std::get<xml::CalendarQuery>(body), and register it in its module's
// register_*_reports() with the resources it is supported on. The engine has already:
//   - authenticated the user and checked read access on rq.target (missing -> 404);
//   - parsed the body with xml::parse_report (RequestError -> its status and DAV:error body);
//   - refused a report not registered or not supported on rq.target with
//     403 DAV:supported-report (RFC 3253 3.6).
// The handler reads the Depth header itself (parse_depth in engine/request_headers.h; RFC 4791
// 7.8/7.9 and RFC 6578 3.2 give each report its own rule), and writes its 207 with
// xml::MultistatusWriter and write_property_response (webdav/property_writer.h), setting
// Resource::data for calendar-data. Throwing xml::RequestError is the way to refuse
// (e.g. 403 DAV:valid-sync-token); the engine turns it into the response.
#include <string_view>
#include <unordered_map>
#include <vector>

#include "caldav/access/privileges.h"
#include "caldav/engine/request_context.h"
#include "caldav/engine/resource.h"
#include "caldav/http_message.h"
#include "caldav/xml/qname.h"
#include "caldav/xml/report.h"

namespace calbridge::caldav {

struct ReportDefinition {
    xml::QName name;                 // root element of the request body
    std::string_view rfc;            // "RFC 6578 3.2"
    // Whether the report may be run on this resource; also what DAV:supported-report-set lists
    // (RFC 3253 3.1.5).
    bool (*supported_on)(const Resource&) = nullptr;
    Response (*handle)(RequestContext&, const xml::ReportBody&) = nullptr;
    // The privilege the report needs on its target (RFC 3744 7.1.1 need-privileges without it):
    // read, but free-busy-query needs only CALDAV:read-free-busy (RFC 4791 6.1.1, 7.10).
    Privilege needs = Privilege::read;
};

class ReportRegistry {
public:
    // Throws std::logic_error when the name is registered already.
    void add(ReportDefinition report);
    const ReportDefinition* find(const xml::QName& name) const;
    // The reports supported on resource, registration order (for supported-report-set).
    std::vector<const ReportDefinition*> supported_on(const Resource& resource) const;

private:
    std::vector<ReportDefinition> reports_;
    std::unordered_map<xml::QName, std::size_t> index_;
};

// The root element name of a parsed report body (UnknownReport carries its own).
xml::QName report_name(const xml::ReportBody& body);

// Module registrations, called once by the Engine.
// A new module adds its register_*_reports() here and one call in engine.cpp (make_services).
void register_sync_reports(ReportRegistry& registry);   // RFC 6578
void register_calendar_reports(ReportRegistry& registry);    // RFC 4791 7.8-7.10 (calendar_access/reports)
void register_principal_reports(ReportRegistry& registry);   // RFC 3253 3.8, RFC 3744 9.3-9.5 (principals)

}  // namespace calbridge::caldav
