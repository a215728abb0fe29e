#pragma once
// Lexical forms of the XML Schema and EWS simple types a CalendarItem uses (types.xsd), in
// both directions. Parsers return nullopt for text that is not of the type; callers name
// the element in their diagnostics.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "converters/mapi/appointment/appointment.h"

namespace calbridge::ews {

// xs:dateTime (XML Schema 1.0 Part 2, 3.2.7) -> unix seconds. With "Z" or +hh:mm the instant
// is exact; without a zone (EWS never sends one in GetItem responses) the value is read as
// UTC. Fractional seconds are dropped.
std::optional<std::int64_t> parse_date_time(std::string_view text);
// Unix seconds -> "2024-03-04T08:00:00Z".
std::string format_date_time(std::int64_t unix_seconds);

// xs:date (3.2.9), e.g. "2024-03-04" or "2024-03-04+01:00" or "2014-03-08-08:00": the date
// part (EWS writes the recurrence StartDate/EndDate with the zone's offset, which names no
// other day). Time fields of the result are 0.
std::optional<mapi::CivilDateTime> parse_date(std::string_view text);
// "2024-03-04".
std::string format_date(const mapi::CivilDateTime& date);

// xs:boolean: "true"/"1" and "false"/"0".
std::optional<bool> parse_bool(std::string_view text);

// LegacyFreeBusyType <-> PidLidBusyStatus (MS-OXWSCDATA 2.2.5.19: Free, Tentative, Busy, OOF,
// WorkingElsewhere, NoData; NoData has no MAPI value and reads as Busy).
std::optional<mapi::BusyStatus> parse_busy(std::string_view text);
const char* busy_text(mapi::BusyStatus busy);

// SensitivityChoicesType <-> PidTagSensitivity (Normal 0, Personal 1, Private 2, Confidential 3).
std::optional<int> parse_sensitivity(std::string_view text);
const char* sensitivity_text(int sensitivity);

// ImportanceChoicesType <-> PidTagImportance (Low 0, Normal 1, High 2).
std::optional<int> parse_importance(std::string_view text);
const char* importance_text(int importance);

// ResponseTypeType <-> PidTagRecipientTrackStatus (MS-OXOCAL 2.2.4.10.1: respNone 0,
// respOrganized 1, respTentative 2, respAccepted 3, respDeclined 4, respNotResponded 5).
int track_status_from_response(std::string_view response_type);
const char* response_from_track_status(int track_status);

// DayOfWeekType names (0 = Sunday ... 6 = Saturday, the day_bit numbering) and the three
// sets Day (all), Weekday, WeekendDay as a day_bit mask.
std::optional<std::uint32_t> parse_day_mask(std::string_view day_of_week);
const char* day_name(int day);  // "Sunday".."Saturday"
// MonthNamesType: 1..12 <-> "January".."December".
std::optional<int> parse_month(std::string_view text);
const char* month_name(int month);
// DayOfWeekIndexType: First..Fourth = 1..4, Last = 5 (mapi::kNthLast).
std::optional<std::uint32_t> parse_day_index(std::string_view text);
const char* day_index_text(std::uint32_t nth);

}  // namespace calbridge::ews

namespace calbridge::ews {
// xs:base64Binary (RFC 4648 4, whitespace ignored) -> bytes; nullopt on other characters or
// bad padding.
std::optional<mapi::Bytes> parse_base64(std::string_view text);
}  // namespace calbridge::ews
