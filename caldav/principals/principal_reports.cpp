// Registration of the principal reports (principal_reports.h) and where each may run (also
// DAV:supported-report-set, RFC 3253 3.1.5).
#include "caldav/principals/principal_reports.h"

#include "caldav/engine/report_registry.h"

namespace calbridge::caldav {

namespace {

bool principal_or_collection_of_them(const Resource& r) {
    return r.kind == ResourceKind::principal || r.kind == ResourceKind::principals;
}

}  // namespace

void register_principal_reports(ReportRegistry& registry) {
    // RFC 3253 3.8: any resource; Apple Calendar uses it on principals.
    registry.add({.name = xml::dav("expand-property"),
                  .rfc = "RFC 3253 3.8",
                  .supported_on = [](const Resource& r) { return r.exists(); },
                  .handle = expand_property_report});
    // RFC 3744 9.3: on a collection (principal-property) or principals (self).
    registry.add({.name = xml::dav("principal-match"),
                  .rfc = "RFC 3744 9.3",
                  .supported_on = [](const Resource& r) { return r.is_collection() || r.kind == ResourceKind::principal; },
                  .handle = principal_match_report});
    // RFC 3744 9.4 / 9.5: on the principal collection; Apple sends them to the principal with
    // apply-to-principal-collection-set too.
    registry.add({.name = xml::dav("principal-property-search"),
                  .rfc = "RFC 3744 9.4",
                  .supported_on = principal_or_collection_of_them,
                  .handle = principal_property_search_report});
    registry.add({.name = xml::dav("principal-search-property-set"),
                  .rfc = "RFC 3744 9.5",
                  .supported_on = principal_or_collection_of_them,
                  .handle = principal_search_property_set_report});
}

}  // namespace calbridge::caldav
