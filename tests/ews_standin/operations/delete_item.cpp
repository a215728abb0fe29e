// DeleteItem (MS-OXWSCORE 3.1.4.3). Every DeleteType removes the item from the folder (the
// stand-in has no Deleted Items folder to move to). Deleting an occurrence adds it to the
// master's DeletedOccurrences; its index stays taken (MS-OXWSCAL OccurrenceItemId).
// SendMeetingCancellations is accepted; nothing is sent.
#include "ews_standin/lookup.h"
#include "ews_standin/xml_in.h"
#include "ews_standin/xml_out.h"

namespace calbridge::ews_standin {

void delete_item(OperationContext& ctx, pugi::xml_node body) {
    auto messages = xml_out::response_messages(body, "DeleteItem");
    for (const xmlNode* id : xml_in::elements(xml_in::child(ctx.request, "ItemIds"))) {
        auto found = resolve_item(ctx, id, true);
        if (found.failure) {
            xml_out::message(messages, "DeleteItem", found.failure->code, found.failure->text);
            continue;
        }
        if (found.index == 0) {
            ctx.store.remove(found.item->num);
        } else {
            found.item->exceptions.erase(found.index);
            found.item->deleted.insert(found.index);
            ctx.store.touch(*found.item);
        }
        xml_out::message(messages, "DeleteItem");
    }
}

}  // namespace calbridge::ews_standin
