#include "caldav/calendar_access/reports/calendar_data_selection.h"

#include "caldav/calendar_access/reports/component_selection.h"
#include "caldav/calendar_access/reports/recurrence_selection.h"
#include "converters/ical/ical_ptr.h"

namespace calbridge::caldav {

bool needs_parsed_object(const xml::CalendarDataRequest& request) {
    return request.expand || request.limit_recurrence_set || request.limit_freebusy_set;
}

bool returns_whole_object(const xml::CalendarDataRequest& request) {
    return !request.comp && !needs_parsed_object(request);
}

std::string select_calendar_data(const std::string& ics, const icalcomponent* parsed,
                                 const xml::CalendarDataRequest& request, const CalendarTimeZone& floating_zone) {
    if (returns_whole_object(request)) return ics;
    std::string text;
    const std::string* source = &ics;
    if (needs_parsed_object(request)) {
        ical::ComponentPtr own;
        if (!parsed) {
            own = ical::parse_ics(ics);
            parsed = own.get();
        }
        if (parsed) {
            const ical::ComponentPtr result =
                request.expand ? expand_instances(parsed, *request.expand, floating_zone)
                               : limit_sets(parsed, request.limit_recurrence_set, request.limit_freebusy_set,
                                            floating_zone);
            text = ical::to_ics(result.get());
            source = &text;
        }
    }
    if (!request.comp) return source == &text ? std::move(text) : ics;
    return select_components(*source, *request.comp);
}

}  // namespace calbridge::caldav
