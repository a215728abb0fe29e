// GetItem (MS-OXWSCORE 3.1.4.4), batched: one response message per id, in request order.
// An occurrence id (t:OccurrenceItemId or an occurrence's own ItemId) answers the occurrence
// with its own ItemId and CalendarItemType Occurrence/Exception.
#include "ews_standin/item_view.h"
#include "ews_standin/lookup.h"
#include "ews_standin/xml_in.h"
#include "ews_standin/xml_out.h"

namespace calbridge::ews_standin {

void get_item(OperationContext& ctx, pugi::xml_node body) {
    auto messages = xml_out::response_messages(body, "GetItem");
    const Shape shape = parse_shape(xml_in::child(ctx.request, "ItemShape"));
    for (const xmlNode* id : xml_in::elements(xml_in::child(ctx.request, "ItemIds"))) {
        auto found = resolve_item(ctx, id, false);
        if (found.failure) {
            xml_out::message(messages, "GetItem", found.failure->code, found.failure->text);
            continue;
        }
        auto m = xml_out::message(messages, "GetItem");
        pugi::xml_document all;
        auto props = all.append_child("t:CalendarItem");
        collect_properties(ctx.store, *found.item, found.index, found.original, props);
        render(xml_out::add(m, "m:Items"), props, shape);
    }
}

}  // namespace calbridge::ews_standin
