#pragma once
// EWS TimeZoneDefinitionType (types.xsd; MS-OXWSGTZ 2.2.4.15: StartTimeZone/EndTimeZone with
// Periods, TransitionsGroups and Transitions, as Exchange 2010+ returns them) -> the TZDEFINITION
// model of the PST path, so the zone is Exchange's own, eras included:
//   Period @Bias (xs:duration, Windows sign: UTC = local + bias)   -> the biases of a TZREG
//   TransitionsGroup with two RecurringDayTransitions              -> a TZREG with DST: the
//     transition to the period with the larger bias is stStandardDate, the other stDaylightDate
//     (TimeOffset = time of day, Month, DayOfWeek, Occurrence 1..4 / -1 = last -> wDay 5)
//   TransitionsGroup with one Transition to a period               -> a TZREG without DST
//   Transitions: the first Transition names the group in force from the beginning; each
//     AbsoluteDateTransition the group from its DateTime's year on  -> one TZRULE per era
// The definition's Id is the TZDEFINITION key name (tzid() = its CLDR IANA id).
#include <optional>

#include <pugixml.hpp>

#include "converters/mapi/diagnostics.h"
#include "converters/mapi/timezone/time_zone.h"

namespace calbridge::ews {

// nullopt (with a warning) when the element has no Periods or a part this model cannot hold
// (RecurringDateTransition, a group of other than one or two transitions, an unknown period).
std::optional<mapi::TimeZone> time_zone_from_definition(pugi::xml_node definition, mapi::Diagnostics& diag);

// xs:duration as EWS writes biases and offsets ("-PT1H", "PT2H30M", "P0DT3H") -> minutes;
// nullopt for other text (years and months are refused: they have no fixed length).
std::optional<int> parse_duration_minutes(std::string_view text);

}  // namespace calbridge::ews
