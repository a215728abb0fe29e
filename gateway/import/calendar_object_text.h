#pragma once
// The iCalendar text an import stores for one converted item: one VCALENDAR holding the item's
// VTIMEZONEs (RFC 5545 3.6.5: every TZID referenced is defined) and its VEVENTs (master and
// overrides, one UID: RFC 4791 4.1), with the same PRODID and header as `calbridge export`.
// The conversion is deterministic (DTSTAMP comes from the item), so the same item always gives
// the same text, and its digest can decide whether the source changed.
#include <map>
#include <string>
#include <string_view>

#include "converters/mapi/appointment/appointment_to_ical.h"

namespace calbridge::import {

std::string calendar_object_text(std::string_view serialised_events, const std::map<std::string, mapi::ZoneUse>& zones);

// The source fingerprint of the import ledger: SHA-256 of the text, 64 lowercase hex digits.
std::string fingerprint(std::string_view text);

}  // namespace calbridge::import
