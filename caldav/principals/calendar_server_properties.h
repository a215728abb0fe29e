#pragma once
// Apple CalendarServer principal properties (http://calendarserver.org/ns/) that Apple Calendar
// asks for in PROPFIND and expand-property during account set-up: calendar-proxy-read-for and
// calendar-proxy-write-for (delegation; calbridge has none yet, issue 6: always empty) and
// email-address-set (the principal's e-mail address).
#include "caldav/engine/property_registry.h"

namespace calbridge::caldav {

void register_calendar_server_principal_properties(PropertyRegistry& registry);

}  // namespace calbridge::caldav
