#pragma once
// What GetItem, FindItem and CalendarView answer for an item or an occurrence: the stored
// properties plus the ones Exchange computes (ItemId, ParentFolderId, CalendarItemType,
// Organizer, FirstOccurrence ... DeletedOccurrences, the global object id), filtered by the
// request's ItemShape and written in types.xsd's xs:sequence order (ItemType, then
// CalendarItemType).
#include "ews_standin/mailbox_store.h"

#include <libxml/tree.h>

#include <set>
#include <string>

namespace calbridge::ews_standin {

struct Shape {
    enum class Base { IdOnly, Default, AllProperties };
    Base base = Base::Default;
    std::set<std::string> fields;    // element names of item:/calendar: FieldURIs
    std::set<std::string> extended;  // extended_key() of ExtendedFieldURIs
};

// m:ItemShape (or t:ItemShape) of a request; Default when absent.
Shape parse_shape(const xmlNode* item_shape);
// extended_key() of a request's t:ExtendedFieldURI.
std::string extended_key_of(const xmlNode* extended_field_uri);

// Every property of `item` (occurrence 0) or of its occurrence `index` whose original start is
// `original`, unordered, appended under `out` (a t:CalendarItem).
void collect_properties(MailboxStore& store, const Item& item, int index, std::int64_t original, pugi::xml_node out);
// A t:CalendarItem under parent with the properties of `all` that `shape` asks for, in order.
void render(pugi::xml_node parent, pugi::xml_node all, const Shape& shape);

}  // namespace calbridge::ews_standin
