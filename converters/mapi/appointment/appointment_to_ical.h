#pragma once
// Stage 2: Appointment -> iCalendar, per MS-OXCICAL 2.1.3.1.1.20 (VEVENT export).
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "converters/ical/ical_ptr.h"
#include "converters/mapi/appointment/appointment.h"
#include "converters/mapi/diagnostics.h"

namespace calbridge::mapi {

// A time zone referenced by TZID, with the years its VTIMEZONE must cover.
struct ZoneUse {
    std::shared_ptr<const TimeZone> zone;
    int from_year = 0, to_year = 0;
    void widen(const ZoneUse& other);
};

// One iCalendar object (RFC 4791 4.1: one UID): the master VEVENT, then its RECURRENCE-ID
// overrides, and the zones they reference.
struct CalendarObject {
    std::string uid;
    std::vector<ical::ComponentPtr> events;
    std::map<std::string, ZoneUse> zones;  // by TZID
    std::int64_t last_modified_utc = 0;
};

CalendarObject appointment_to_ical(const Appointment& a, Diagnostics& diag);

// The VTIMEZONE components for a set of zone uses, in TZID order.
std::vector<ical::ComponentPtr> vtimezones(const std::map<std::string, ZoneUse>& zones);

// A whole VCALENDAR (PRODID, VERSION, VTIMEZONEs, events) for one object.
ical::ComponentPtr to_vcalendar(CalendarObject&& object);

// The PRODID calbridge writes (RFC 5545 3.7.3).
extern const char* const kProdId;

}  // namespace calbridge::mapi
