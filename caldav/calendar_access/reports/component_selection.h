#pragma once
// RFC 4791 9.6.1-9.6.4: the CALDAV:comp / CALDAV:prop selection of calendar-data, applied to the
// iCalendar text itself, so the lines a client gets back are the bytes it stored (no
// re-serialisation by libical):
//   - a component is returned when its parent's selection names it (CALDAV:comp, 9.6.1) or
//     says CALDAV:allcomp (9.6.3; such a component is returned whole);
//   - a property is returned when its component's selection names it (CALDAV:prop, 9.6.4) or
//     says CALDAV:allprop (9.6.2); novalue="yes" returns it with an empty value;
//   - names compare case-insensitively (RFC 5545 3.1); the top component must be the one the
//     selection names (VCALENDAR), else nothing is returned.
#include <string>
#include <string_view>

#include "caldav/xml/prop_selection.h"

namespace calbridge::caldav {

std::string select_components(std::string_view ics, const xml::CompSelect& selection);

}  // namespace calbridge::caldav
