#pragma once
// GET /freebusy/<user>.vfb (issue 6 item 3): one VFREEBUSY (RFC 5545 3.6.4) merged over every
// calendar of <user> on which the authenticated requester holds CALDAV:read-free-busy (RFC 4791
// 6.1.1; DAV:read implies it, as for free-busy-query), computed as free-busy-query computes it
// (RFC 4791 7.10, reports/free_busy.h). The URL follows Outlook's "Internet Free/Busy" template
// convention (%NAME%.vfb). The range comes from ?start=&end= (free_busy_url_range.h).
//
//   GET/HEAD  200 text/calendar; 400 for a bad range (the body says what is wrong); 404 when
//             <user> does not exist or none of their calendars is visible to the requester (so
//             nobody learns more than a CalDAV PROPFIND would tell them)
//   OPTIONS   200 with Allow; anything else 405
#include <string_view>
#include <vector>

#include "caldav/engine/request_context.h"
#include "caldav/http_message.h"
#include "caldav/store/store.h"

namespace calbridge::caldav {

// The calendar collections below <user>'s home (at any depth) on which `requester` holds
// read-free-busy or read, by privileges() (caldav/access): all of them for <user>, those shared
// with the requester (any access level, directly or through a group) for anyone else; in path
// order.
std::vector<Collection> free_busy_calendars(Store& store, std::string_view requester, std::string_view user);

Response user_free_busy(const EngineServices& services, const Request& request, std::string_view requester,
                        std::string_view user);

}  // namespace calbridge::caldav
