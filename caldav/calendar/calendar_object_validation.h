#pragma once
// Validation of a calendar object resource written into a calendar collection by PUT, COPY or
// MOVE (RFC 4791 4.1 and the preconditions of 5.3.2.1), and its time-range index spans.
//
// Stored bytes: the client's body is stored exactly as sent (no ValidatedObject field rewrites
// it), so the engine may return the ETag on PUT (RFC 4791 5.3.4) and a client reading the
// object back gets its own bytes.
//
// Leniency: what RFC 5545 and RFC 4791 forbid is rejected; what they allow, or what real
// clients send and means something unambiguous, is accepted: no PRODID, X- properties and
// components (X-MOZ-*, X-APPLE-*, X-MICROSOFT-*), TZIDs without VTIMEZONE that libical or CLDR
// know (RFC 7809), LF line endings, a UTF-8 byte order mark.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "caldav/calendar/calendar_time_zone.h"
#include "caldav/store/store.h"
#include "converters/ical/ical_ptr.h"

namespace calbridge::caldav {

// The CALDAV precondition a rejected body violates (RFC 4791 5.3.2.1), for the error body.
enum class CalendarPrecondition {
    valid_calendar_data,              // not iCalendar, or iCalendar that breaks RFC 5545
    valid_calendar_object_resource,   // iCalendar, but not one calendar object resource (4.1)
    supported_calendar_component,     // a component type the collection does not accept (5.2.3)
    max_resource_size,                // larger than CALDAV:max-resource-size (5.2.5)
};

// "valid-calendar-data" etc.: the local name of the element in the CALDAV: namespace.
const char* element_name(CalendarPrecondition p);

struct CalendarObjectError {
    CalendarPrecondition precondition = CalendarPrecondition::valid_calendar_data;
    std::string message;   // what is wrong and where ("VEVENT 2: DTEND before DTSTART")
};

inline constexpr std::size_t kDefaultMaxResourceSize = 10 * 1024 * 1024;

struct ValidationOptions {
    // The collection's CALDAV:supported-calendar-component-set; empty = VEVENT, VTODO,
    // VJOURNAL and VFREEBUSY are all accepted.
    std::vector<std::string> supported_components;
    std::size_t max_resource_size = kDefaultMaxResourceSize;
    // Zone for floating times and dates in the spans. Recommended: leave null (spans of
    // floating values are then widened by 14 h and marked open), because the calendar-timezone
    // can change after the object was stored and a query can name its own zone.
    const CalendarTimeZone* floating_zone = nullptr;
};

struct ValidatedObject {
    std::string uid;
    std::string component;          // "VEVENT", "VTODO", "VJOURNAL" or "VFREEBUSY"
    std::vector<TimeSpan> spans;    // index entries, compute_spans() of time_spans.h
    ical::ComponentPtr vcalendar;   // the parsed object, for callers that need more of it
};

struct ValidationResult {
    std::optional<ValidatedObject> object;   // set when the body is accepted
    CalendarObjectError error;               // meaningful when !object
    explicit operator bool() const { return object.has_value(); }
};

// Never throws on any input; never loops past the instance limits of instance_iterator.h.
ValidationResult validate_calendar_object(std::string_view body, const ValidationOptions& options = {});

}  // namespace calbridge::caldav
