#pragma once
// Changing an item's stored properties from request elements, and the checks Exchange makes
// before it saves an item.
#include "ews_standin/lookup.h"

namespace calbridge::ews_standin {

// Stores the request element (t:Subject, t:Start ...) into root, replacing the one it names.
void store_property(pugi::xml_node root, const xmlNode* value);
// AppendToItemField: the value's children appended to the stored element (attendee lists,
// categories); text is appended for text properties (Body).
void append_property(pugi::xml_node root, const xmlNode* value);
// A t:FileAttachment of a request added to the item; nullopt, or the failure (an ItemAttachment
// is refused: the stand-in keeps files only).
std::optional<Failure> add_attachment(Item& item, const xmlNode* attachment);
// ErrorCalendarEndDateIsEarlierThanStartDate / ErrorCalendarInvalidRecurrence when the item
// cannot be saved as it is.
std::optional<Failure> check_item(const Item& item);
// UID and the time zones Exchange stamps on a new item when the client set none.
void complete_new_item(Item& item, const std::string& time_zone);

}  // namespace calbridge::ews_standin
