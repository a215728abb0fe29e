// CreateItem (MS-OXWSCORE 3.1.4.2): one response message per item, in request order, each
// with the new item's ItemId and ChangeKey. SendMeetingInvitations is accepted and nothing is
// sent (the stand-in has no transport); SavedItemFolderId defaults to the user's calendar.
#include "ews_standin/ids.h"
#include "ews_standin/item_edit.h"
#include "ews_standin/xml_in.h"
#include "ews_standin/xml_out.h"

namespace calbridge::ews_standin {

void create_item(OperationContext& ctx, pugi::xml_node body) {
    auto messages = xml_out::response_messages(body, "CreateItem");
    FolderLookup target;
    if (const xmlNode* saved = xml_in::child(ctx.request, "SavedItemFolderId")) {
        target = resolve_folder_in(ctx, saved, true);
    } else {
        target.folder = ctx.store.distinguished(ctx.user, "calendar");
    }
    for (const xmlNode* source : xml_in::elements(xml_in::child(ctx.request, "Items"))) {
        if (target.failure) {
            xml_out::message(messages, "CreateItem", target.failure->code, target.failure->text);
            continue;
        }
        if (!xml_in::is(source, xml_in::kTypes, "CalendarItem")) {
            xml_out::message(messages, "CreateItem", "ErrorInvalidItemForOperationCreateItem",
                             "The stand-in stores calendar items only, not " + std::string(xml_in::name(source)));
            continue;
        }
        Item& item = ctx.store.add_item(target.folder->num);
        auto root = item.props.document_element();
        std::optional<Failure> bad_attachment;
        for (const xmlNode* p : xml_in::elements(source)) {
            if (xml_in::name(p) != "Attachments") {
                store_property(root, p);
                continue;
            }
            for (const xmlNode* a : xml_in::elements(p))
                if (auto bad = add_attachment(item, a); bad && !bad_attachment) bad_attachment = bad;
        }
        if (bad_attachment) {
            ctx.store.remove(item.num);
            xml_out::message(messages, "CreateItem", bad_attachment->code, bad_attachment->text);
            continue;
        }
        complete_new_item(item, ctx.time_zone);
        if (auto bad = check_item(item)) {
            ctx.store.remove(item.num);
            xml_out::message(messages, "CreateItem", bad->code, bad->text);
            continue;
        }
        auto m = xml_out::message(messages, "CreateItem");
        auto id = xml_out::add(xml_out::add(xml_out::add(m, "m:Items"), "t:CalendarItem"), "t:ItemId");
        id.append_attribute("Id") = item_id(item.num).c_str();
        id.append_attribute("ChangeKey") = change_key(item.change).c_str();
    }
}

}  // namespace calbridge::ews_standin
