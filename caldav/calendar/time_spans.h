#pragma once
// Time-range index entries of a calendar object (RFC 4791 9.9), as the Store keeps them.
//
// Horizon: the first kIndexedInstances instances of each series are indexed one span each; a
// series with more gets one open span from the start of its first instance not indexed to
// kTimeMax. Overrides (RECURRENCE-ID components) are always indexed one by one, wherever they
// are. An open span means "matched only approximately: expand". 1000 instances cover ~19
// years of a weekly series, ~2.7 years of a daily one; queries past that expand the series.
//
// When the index alone is exact (RangeMatch.needs_expansion false is the RFC's answer for a
// filter VCALENDAR > VEVENT|VTODO|VJOURNAL|VFREEBUSY with only a time-range):
//   - every span is exact unless marked open; open spans come only from
//     (a) instances past the horizon, (b) floating DATE / DATE-TIME values when no zone was
//     given (widened by 14 h each way), (c) a VEVENT whose DTEND equals its DTSTART or an empty
//     FREEBUSY period (9.9 wants start < DTSTART, which no span expresses), (d) a series whose
//     expansion hit a limit (kMaxInstances, kMaxRecurrenceSteps, or the year kLastYear = 2099).
//   - the engine checks that the object holds the filter's component type
//     (contains_component in filter_evaluation.h), since spans are per object, not per type.
//   - a time-range with second precision (the Store compares integer seconds; 9.9's "<=" rows
//     are written as spans one second longer, which is exact on integer seconds).
// A match through a non-open span is therefore a real match, and an object with only non-open
// spans that none overlaps does not match.
#include <libical/ical.h>

#include <cstddef>
#include <vector>

#include "caldav/calendar/calendar_time_zone.h"
#include "caldav/store/store.h"

namespace calbridge::caldav {

inline constexpr std::size_t kIndexedInstances = 1000;

struct SpanOptions {
    const CalendarTimeZone* floating_zone = nullptr;   // see ValidationOptions::floating_zone
    std::size_t indexed_instances = kIndexedInstances;
};

// Spans of every instance of every component of the object, sorted by start. A VTODO without
// any date gets [kTimeMin, kTimeMax) (9.9: it matches every range); a VJOURNAL without DTSTART
// and a VFREEBUSY without times get none (they match no range).
std::vector<TimeSpan> compute_spans(const icalcomponent* vcalendar, const SpanOptions& options = {});

}  // namespace calbridge::caldav
