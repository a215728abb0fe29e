// Registration of the RFC 4791 reports and where each may run (also DAV:supported-report-set,
// RFC 3253 3.1.5).
#include "caldav/calendar_access/reports/calendar_reports.h"

#include "caldav/engine/report_registry.h"

namespace calbridge::caldav {

namespace {

bool is_calendar_object(const Resource& r) {
    return r.kind == ResourceKind::object && r.parent_kind == CollectionKind::calendar;
}

}  // namespace

void register_calendar_reports(ReportRegistry& registry) {
    // 7.8: on calendar collections and calendar object resources.
    registry.add({.name = xml::caldav_name("calendar-query"),
                  .rfc = "RFC 4791 7.8",
                  .supported_on = [](const Resource& r) { return r.kind == ResourceKind::calendar || is_calendar_object(r); },
                  .handle = calendar_query_report});
    // 7.9: on a collection (the hrefs must lie inside it) or a calendar object resource.
    registry.add({.name = xml::caldav_name("calendar-multiget"),
                  .rfc = "RFC 4791 7.9",
                  .supported_on = [](const Resource& r) { return r.is_stored_collection() || is_calendar_object(r); },
                  .handle = calendar_multiget_report});
    // 7.10: on calendar collections.
    registry.add({.name = xml::caldav_name("free-busy-query"),
                  .rfc = "RFC 4791 7.10",
                  .supported_on = [](const Resource& r) { return r.kind == ResourceKind::calendar; },
                  .handle = free_busy_query_report,
                  .needs = Privilege::read_free_busy});
}

}  // namespace calbridge::caldav
