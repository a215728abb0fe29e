#pragma once
// Reading an item's stored properties: its start, end, zone and, for a series master, its
// occurrences (with the exceptions and deletions applied).
#include "ews_standin/mailbox_store.h"
#include "ews_standin/recurrence.h"

#include <optional>
#include <string>

namespace calbridge::ews_standin {

pugi::xml_node prop(pugi::xml_node root, std::string_view name);  // child t:<name>
std::int64_t datetime_prop(pugi::xml_node root, std::string_view name, std::int64_t fallback = 0);
// Stores a property element (a copy of `value`) replacing the one of the same name; datetimes
// become UTC "Z" strings; MeetingTimeZone is dropped (exchangelib cannot parse it, and 2016
// clients use StartTimeZone/EndTimeZone). ExtendedProperty replaces the one with the same
// ExtendedFieldURI.
void set_prop(pugi::xml_node root, pugi::xml_node value);
void delete_prop(pugi::xml_node root, std::string_view name);
void delete_extended(pugi::xml_node root, const std::string& key);
// A normalised key for an ExtendedFieldURI (set, tag, name, id; type ignored).
std::string extended_key(pugi::xml_node extended_field_uri);

std::string start_zone(const Item& item);  // StartTimeZone/@Id, "UTC" when absent
std::optional<RecurrencePattern> pattern_of(const Item& item, std::string* error = nullptr);
// Original start of occurrence `index`, nullopt beyond the series' range (or not a series).
std::optional<std::int64_t> original_start(const Item& item, int index);
// Occurrences starting before `until` (UTC), deleted ones left out.
std::vector<Occurrence> live_occurrences(const Item& item, std::int64_t until, int max_index = 1 << 30);
// Start and end of an occurrence: the exception's own when it has them.
std::pair<std::int64_t, std::int64_t> occurrence_span(const Item& item, int index, std::int64_t original);

}  // namespace calbridge::ews_standin
