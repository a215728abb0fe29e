#pragma once
// RFC 4791 9.6: the CALDAV:calendar-data one object contributes to a calendar-query or
// calendar-multiget response. Order: the recurrence parts on the parsed object first (expand
// 9.6.5, or limit-recurrence-set 9.6.6 and limit-freebusy-set 9.6.7), then the comp/prop
// selection (9.6.1-9.6.4) on the resulting text. Without recurrence parts the stored bytes are
// selected from directly (nothing is parsed or re-serialised).
#include <libical/ical.h>

#include <string>

#include "caldav/calendar/calendar_time_zone.h"
#include "caldav/xml/prop_selection.h"

namespace calbridge::caldav {

// True when the request returns the object as stored (no comp, expand or limit).
bool returns_whole_object(const xml::CalendarDataRequest& request);
// True when the request needs the parsed object (expand or a limit).
bool needs_parsed_object(const xml::CalendarDataRequest& request);

// The selected text. `parsed` is the object parsed already (may be null: parsed here when
// needed); an object that cannot be parsed is returned as stored (it was validated when written).
std::string select_calendar_data(const std::string& ics, const icalcomponent* parsed,
                                 const xml::CalendarDataRequest& request, const CalendarTimeZone& floating_zone);

}  // namespace calbridge::caldav
