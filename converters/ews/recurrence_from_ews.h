#pragma once
// EWS RecurrenceType (types.xsd: one pattern of RecurrencePatternTypes, then one range of
// RecurrenceRangeTypes; MS-OXWSCDATA 2.2.4.38) -> the Outlook recurrence pattern
// (MS-OXOCAL 2.2.1.44.1), the model the PST path and appointment_to_ical share. Times in the
// pattern are MAPI minutes on the series' local wall clock, as Outlook stores them:
//   DailyRecurrence n            -> Day,      Period 1440*n
//   WeeklyRecurrence n, days     -> Week,     Period n, day mask, FirstDOW from FirstDayOfWeek
//   AbsoluteMonthlyRecurrence    -> Month,    Period n months, DayOfMonth (31 = the last day)
//   RelativeMonthlyRecurrence    -> MonthNth, Period n months, day mask, N (Last = 5)
//   AbsoluteYearlyRecurrence     -> Month,    Period 12, FirstDateTime = that month
//   RelativeYearlyRecurrence     -> MonthNth, Period 12, FirstDateTime = that month
//   NoEnd / EndDate / Numbered   -> NeverEnd / AfterDate (EndDate) / AfterNOccurrences
// FirstDateTime of month-based patterns follows MS-OXOCAL 2.2.1.44.1.1 (the month
// (months since January 1601 of StartDate) mod Period, counted from 1601), which is what
// rrule_from_pattern reads back as BYMONTH.
#include <cstdint>
#include <optional>

#include <pugixml.hpp>

#include "converters/mapi/diagnostics.h"
#include "converters/mapi/recurrence/recurrence_blob.h"
#include "converters/mapi/time_units.h"

namespace calbridge::ews {

// `recurrence` is the t:Recurrence element; `first_start_local` the master's Start on the
// series' wall clock; `duration_minutes` End - Start. nullopt (with a warning naming the
// element) when the pattern or range is missing or malformed.
std::optional<mapi::AppointmentRecurrence> recurrence_from_ews(pugi::xml_node recurrence,
                                                               const mapi::CivilDateTime& first_start_local,
                                                               std::int64_t duration_minutes, mapi::Diagnostics& diag);

}  // namespace calbridge::ews
