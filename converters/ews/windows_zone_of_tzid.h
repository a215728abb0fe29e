#pragma once
// The Windows zone id EWS needs (StartTimeZone/@Id) for an iCalendar TZID:
//  1. an IANA id CLDR maps (windows_from_iana): "Europe/Berlin" -> "W. Europe Standard Time";
//  2. a Windows id used as TZID (Outlook writes "W. Europe Standard Time" as TZID);
//  3. anything else - calbridge's synthetic "Outlook UTC+0100 DST ..." ids, "(UTC+01:00)
//     Amsterdam, ..." display names, vendor ids - is matched by what its VTIMEZONE does in
//     `year`: the offset at the start of the year and each change (found by sampling libical's
//     reading of the VTIMEZONE), compared with CLDR's zones by ical::windows_zone_matching,
//     the TZID text breaking ties.
#include <optional>
#include <string>
#include <string_view>

#include <libical/ical.h>

namespace calbridge::ews {

// `vcalendar` holds the VTIMEZONEs (may be null: steps 1-2 only). nullopt when nothing matches.
std::optional<std::string> windows_zone_of_tzid(std::string_view tzid, icalcomponent* vcalendar, int year);

}  // namespace calbridge::ews
