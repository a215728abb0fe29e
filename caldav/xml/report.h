#pragma once
// REPORT bodies (RFC 3253 3.6): which report a body asks for, from its root element's QName,
// and the body parsed into the matching struct. A report we do not know comes back as
// UnknownReport so the engine answers 403 DAV:supported-report (RFC 3253 3.6).
#include <string_view>
#include <variant>

#include "caldav/xml/calendar_multiget.h"
#include "caldav/xml/calendar_query.h"
#include "caldav/xml/expand_property.h"
#include "caldav/xml/free_busy_query.h"
#include "caldav/xml/parse.h"
#include "caldav/xml/principal_reports.h"
#include "caldav/xml/qname.h"
#include "caldav/xml/sync_collection.h"

namespace calbridge::caldav::xml {

enum class ReportKind {
    calendar_query,                 // {urn:ietf:params:xml:ns:caldav}calendar-query
    calendar_multiget,              // {urn:ietf:params:xml:ns:caldav}calendar-multiget
    free_busy_query,                // {urn:ietf:params:xml:ns:caldav}free-busy-query
    sync_collection,                // {DAV:}sync-collection
    expand_property,                // {DAV:}expand-property
    acl_principal_prop_set,         // {DAV:}acl-principal-prop-set
    principal_match,                // {DAV:}principal-match
    principal_property_search,      // {DAV:}principal-property-search
    principal_search_property_set,  // {DAV:}principal-search-property-set
    unknown,
};

struct UnknownReport {
    QName name;   // the root element, for the log and the DAV:supported-report answer
};

using ReportBody = std::variant<CalendarQuery, CalendarMultiget, FreeBusyQuery, SyncCollection,
                                ExpandPropertyReport, AclPrincipalPropSet, PrincipalMatch,
                                PrincipalPropertySearch, PrincipalSearchPropertySet, UnknownReport>;

ReportKind report_kind(const QName& root);
// Parses body (safely, parse.h) and looks at its root. Throws RequestError 400 for an empty or
// malformed body.
ReportKind report_kind(std::string_view body, const ParseLimits& limits = {});

// Parses body once into the struct of its report. Throws what the report's parser throws.
ReportBody parse_report(std::string_view body, const ParseLimits& limits = {});

}  // namespace calbridge::caldav::xml
