// CALDAV:calendar-query REPORT (RFC 4791 7.8).
//   - Depth (7.8: absent = 0): on a calendar collection, Depth 0 names the collection itself,
//     which is not a calendar object resource, so nothing matches; Depth 1 (and infinity, as a
//     calendar collection holds no collections, 4.2) its calendar object resources. On a calendar
//     object resource the query evaluates that object.
//   - Floating times: the request's CALDAV:timezone, else the calendar-timezone (9.9).
//   - Matching objects: query_matching.h (the Store's time-range index where it is exact).
//   - Each match: the requested properties, CALDAV:calendar-data selected per 9.6.
#include "caldav/calendar_access/reports/calendar_reports.h"
#include "caldav/calendar_access/reports/object_response.h"
#include "caldav/calendar_access/reports/query_matching.h"
#include "caldav/calendar_access/reports/report_time_zone.h"
#include "caldav/engine/request_headers.h"
#include "caldav/engine/responses.h"
#include "caldav/engine/url_layout.h"

namespace calbridge::caldav {

Response calendar_query_report(RequestContext& rq, const xml::ReportBody& body) {
    const auto& query = std::get<xml::CalendarQuery>(body);
    const Depth depth = parse_depth(rq.request, Depth::zero);
    xml::MultistatusWriter ms = rq.multistatus();
    if (rq.target.kind == ResourceKind::calendar) {
        const Collection& calendar = *rq.target.collection;
        const CalendarTimeZone zone = report_time_zone(query.timezone, &calendar);
        if (depth != Depth::zero) {
            const ObjectPlace place{CollectionKind::calendar, rq.target.owner, &zone, rq.target.read_only};
            for_each_match(rq.store(), calendar, query.filter, zone,
                           [&](const Object& object, const icalcomponent* parsed) {
                               write_object_response(rq, ms, query.select, object, place, parsed);
                           });
        }
    } else {
        // A calendar object resource (supported_on): evaluate it alone.
        const auto calendar = rq.store().collection(parent_path(rq.target.path));
        const CalendarTimeZone zone = report_time_zone(query.timezone, calendar ? &*calendar : nullptr);
        if (auto object = rq.store().object(rq.target.path)) {
            const ObjectPlace place{CollectionKind::calendar, rq.target.owner, &zone, rq.target.read_only};
            object_matches(*object, query.filter, zone, [&](const Object& o, const icalcomponent* parsed) {
                write_object_response(rq, ms, query.select, o, place, parsed);
            });
        }
    }
    return multistatus_response(ms.finish());
}

}  // namespace calbridge::caldav
