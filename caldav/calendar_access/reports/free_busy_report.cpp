// CALDAV:free-busy-query REPORT (RFC 4791 7.10) on a calendar collection: 200 with a
// text/calendar VFREEBUSY (not a multistatus). The scope is the collection's objects whatever
// the Depth header says (a calendar collection holds no collections, 4.2). Needs the
// CALDAV:read-free-busy privilege (6.1.1), which read implies; without it 403
// DAV:need-privileges (RFC 3744 7.1.1).
#include <chrono>

#include "caldav/access/method_access.h"
#include "caldav/access/privileges.h"
#include "caldav/calendar_access/reports/calendar_reports.h"
#include "caldav/calendar_access/reports/free_busy.h"
#include "caldav/calendar_access/reports/report_time_zone.h"
#include "caldav/engine/responses.h"
#include "converters/ical/ical_ptr.h"

namespace calbridge::caldav {

Response free_busy_query_report(RequestContext& rq, const xml::ReportBody& body) {
    const auto& query = std::get<xml::FreeBusyQuery>(body);
    const PrivilegeSet held = privileges(rq.who(), rq.target);
    if (!held.has(Privilege::read_free_busy) && !held.has(Privilege::read))
        return need_privileges(rq, rq.target.stored_path(), Privilege::read_free_busy);
    const Collection& calendar = *rq.target.collection;
    const CalendarTimeZone zone = report_time_zone(std::nullopt, &calendar);
    std::vector<BusyPeriod> periods;
    // The index returns every object with an instance in the range (a superset: open spans).
    for (const RangeMatch& m : rq.store().objects_in_range(calendar.id, query.range.start, query.range.end)) {
        const ical::ComponentPtr vcalendar = ical::parse_ics(m.object.data);
        if (vcalendar) collect_busy_periods(vcalendar.get(), query.range, zone, periods);
    }
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    Response r;
    r.status = 200;
    r.headers.set("Content-Type", "text/calendar; charset=utf-8");
    r.body = free_busy_calendar(merge_busy_periods(std::move(periods)), query.range, now, rq.options().product_id);
    return r;
}

}  // namespace calbridge::caldav
