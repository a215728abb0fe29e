#pragma once
// The one recurrence expansion of the CalDAV engine: every instance of every VEVENT, VTODO,
// VJOURNAL and VFREEBUSY of a VCALENDAR, with RRULE, RDATE, EXDATE and RECURRENCE-ID overrides
// applied (RFC 5545 3.8.5, RFC 4791 9.9). The index spans (time_spans.h), the filter evaluation
// (filter_evaluation.h), CALDAV:expand and free-busy all use it.
//
// Overrides: a component with RECURRENCE-ID replaces the instance of its master whose start
// equals the RECURRENCE-ID (RFC 5545 3.8.4.4); an override whose RECURRENCE-ID matches no
// instance adds one (as RFC 5545 allows, clients do this when an instance was moved after the
// series changed). RANGE=THISANDFUTURE: the override replaces its own instance, and the
// instances after it are shifted by the override's start offset and take its duration
// (RFC 5545 3.2.13); their component is still the master (no property merging), and
// Instance::range_override names the override whose changes they carry, for the readers that
// need its properties (free-busy: TRANSP, STATUS, busy status).
//
// Limits (a hostile body must not make the server loop): at most kMaxInstances instances and
// kMaxRecurrenceSteps steps of libical's iterator per master, and libical is never asked past
// the year kLastYear.
#include <libical/ical.h>

#include <cstddef>
#include <cstdint>
#include <functional>

#include "caldav/calendar/calendar_time_zone.h"
#include "caldav/filter/calendar_filter.h"
#include "caldav/store/store.h"

namespace calbridge::caldav {

inline constexpr std::size_t kMaxInstances = 100000;
inline constexpr std::size_t kMaxRecurrenceSteps = 200000;
inline constexpr int kLastYear = 2099;   // zone offsets are exact up to here (calendar_time_zone.cpp)

struct Instance {
    // The instance as RFC 5545 defines it, UTC seconds: DTSTART (or, for a VTODO without it,
    // DUE) and its end (DTEND, DTSTART+DURATION, DTSTART+P1D for a date, DUE, or == start).
    std::int64_t start = 0;
    std::int64_t end = 0;
    // The RFC 4791 9.9 condition for this instance as a span on integer seconds, so that
    // "overlaps(range)" (the Store's rule: span.start < range.end AND (span.end > range.start OR
    // (span.start == span.end AND span.start >= range.start))) is exactly the table's condition.
    // `open` is set when the span is only a superset: floating values without a known zone
    // when InstanceOptions::widen_floating (widened by 14 h each way), and a VEVENT whose DTEND
    // equals its DTSTART or an empty FREEBUSY period (the table wants start < DTSTART < end
    // there, which no span expresses: exclusive_start).
    TimeSpan match;
    bool exclusive_start = false;
    // RECURRENCE-ID of this instance (its original start, UTC seconds); == start for a
    // non-recurring component.
    std::int64_t recurrence_id = 0;
    const icalcomponent* component = nullptr;   // the master or the override that defines it
    const icalcomponent* master = nullptr;      // the master (== component unless overridden); may be null for an orphan override
    // An instance after a RANGE=THISANDFUTURE override (not the override's own instance): that
    // override, whose properties apply to "this and all subsequent instances" (RFC 5545
    // 3.8.4.4, 3.2.13). nullptr otherwise.
    const icalcomponent* range_override = nullptr;
    bool floating = false;                      // start/end came from floating values
    bool recurring = false;                     // part of a series (RRULE/RDATE or an override)
    // Set on the first instance past InstanceOptions::series_limit: the series continues from
    // here but is not expanded further (its remaining overrides are still reported).
    bool horizon = false;
};

// The Store's overlap rule (RFC 4791 9.9 written on spans).
bool overlaps(const TimeSpan& span, const TimeRange& range);

struct InstanceOptions {
    const CalendarTimeZone* floating_zone = nullptr;   // nullptr/empty: floating read as UTC
    std::size_t max_instances = kMaxInstances;   // occurrences examined per master, in range or not
    std::size_t series_limit = 0;                // 0: none; else stop a series after this many instances
    // Index use: spans of floating values are widened by 14 h and marked open when no zone is
    // known. Off (the default) they are exact, floating values read as UTC.
    bool widen_floating = false;
};

// Whether an instance overlaps the range exactly by 9.9 (its span, and for the rows no span
// expresses, the row's condition).
bool instance_in_range(const Instance& instance, const TimeRange& range);

enum class Expansion {
    complete,    // every instance in the range was reported (or the callback stopped)
    truncated,   // a limit stopped the expansion: instances may exist past the last one reported
};

// Calls `each` for every instance in `range` (instance_in_range), per master in start
// RECURRENCE-ID order (an override at the place of the instance it replaces; masters in
// document order, groups without master after). `each` returns false to stop.
// When a master has a component in its series that does not recur, it is one instance.
Expansion for_each_instance(const icalcomponent* vcalendar, const TimeRange& range,
                            const std::function<bool(const Instance&)>& each,
                            const InstanceOptions& options = {});

}  // namespace calbridge::caldav
