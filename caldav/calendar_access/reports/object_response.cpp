#include "caldav/calendar_access/reports/object_response.h"

#include "caldav/calendar_access/reports/calendar_data_selection.h"
#include "caldav/webdav/property_writer.h"

namespace calbridge::caldav {

bool selection_needs_parse(const xml::PropSelection& select) {
    return select.calendar_data && needs_parsed_object(*select.calendar_data);
}

void write_object_response(RequestContext& rq, xml::MultistatusWriter& ms, const xml::PropSelection& select,
                           const Object& object, const ObjectPlace& place, const icalcomponent* parsed) {
    static const CalendarTimeZone kNoZone;
    Resource r = object_resource(object.info, place.parent_kind);
    r.owner = place.owner;
    r.read_only = place.read_only;
    std::string selected;
    r.data = &object.data;
    if (select.calendar_data && place.parent_kind == CollectionKind::calendar &&
        !returns_whole_object(*select.calendar_data)) {
        selected = select_calendar_data(object.data, parsed, *select.calendar_data,
                                        place.floating_zone ? *place.floating_zone : kNoZone);
        r.data = &selected;
    }
    write_property_response(ms, {rq.services, rq.who(), r, &select}, select);
}

}  // namespace calbridge::caldav
