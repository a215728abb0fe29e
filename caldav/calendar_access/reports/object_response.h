#pragma once
// One DAV:response of calendar-query / calendar-multiget (RFC 4791 7.8, 7.9): the requested
// properties of a stored object, with CALDAV:calendar-data selected per RFC 4791 9.6.
#include <libical/ical.h>

#include <string>

#include "caldav/calendar/calendar_time_zone.h"
#include "caldav/engine/request_context.h"
#include "caldav/store/store.h"
#include "caldav/xml/multistatus.h"
#include "caldav/xml/prop_selection.h"

namespace calbridge::caldav {

struct ObjectPlace {
    CollectionKind parent_kind = CollectionKind::calendar;
    std::string owner;
    const CalendarTimeZone* floating_zone = nullptr;   // for expand / limits (9.6.5, 9.9)
    bool read_only = false;                            // the collection is read-only (privileges)
};

// `parsed`: the object parsed already (calendar-query's filter did), or null.
void write_object_response(RequestContext& rq, xml::MultistatusWriter& ms, const xml::PropSelection& select,
                           const Object& object, const ObjectPlace& place, const icalcomponent* parsed = nullptr);

// Whether the selection returns calendar-data in a form that needs the parsed object.
bool selection_needs_parse(const xml::PropSelection& select);

}  // namespace calbridge::caldav
