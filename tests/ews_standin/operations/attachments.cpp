// CreateAttachment, GetAttachment, DeleteAttachment (MS-OXWSATT 3.1.4.1-3.1.4.3), file
// attachments of calendar items. Adding or removing one is a change of the item: new ChangeKey
// (answered as RootItemChangeKey) and a sync Update.
#include "ews_standin/ids.h"
#include "ews_standin/item_edit.h"
#include "ews_standin/xml_in.h"
#include "ews_standin/xml_out.h"

#include <algorithm>

namespace calbridge::ews_standin {

namespace {
using xml_out::add;
using xml_out::add_text;

void root_ids(pugi::xml_node n, const Item& item) {
    n.append_attribute("RootItemId") = item_id(item.num).c_str();
    n.append_attribute("RootItemChangeKey") = change_key(item.change).c_str();
}

struct Found {
    Item* item = nullptr;
    Attachment* attachment = nullptr;
    std::optional<Failure> failure;
};

Found find_attachment(OperationContext& ctx, const xmlNode* id, bool for_write) {
    Found out;
    auto ref = parse_attachment_id(xml_in::attr_or(id, "Id", ""));
    if (!ref) {
        out.failure = Failure{"ErrorInvalidIdMalformed", "Id is malformed."};
        return out;
    }
    Item* item = ctx.store.item(ref->item);
    const Folder* folder = item ? ctx.store.folder(item->folder) : nullptr;
    if (!item || !folder) {
        out.failure = Failure{"ErrorItemNotFound", "The specified object was not found in the store."};
        return out;
    }
    if (!ctx.store.can_read(*folder, ctx.user) || (for_write && !ctx.store.can_write(*folder, ctx.user))) {
        out.failure = Failure{"ErrorAccessDenied", "Access is denied. Check credentials and try again."};
        return out;
    }
    auto it = std::find_if(item->attachments.begin(), item->attachments.end(),
                           [&](const Attachment& a) { return a.num == ref->attachment; });
    if (it == item->attachments.end()) {
        out.failure = Failure{"ErrorInvalidAttachmentId", "The attachment could not be found."};
        return out;
    }
    out.item = item;
    out.attachment = &*it;
    return out;
}
}  // namespace

void create_attachment(OperationContext& ctx, pugi::xml_node body) {
    auto messages = xml_out::response_messages(body, "CreateAttachment");
    auto parent = resolve_item(ctx, xml_in::child(ctx.request, "ParentItemId"), true);
    if (!parent.failure && parent.index != 0)
        parent.failure = Failure{"ErrorInvalidOperation", "The stand-in attaches files to items and series masters only."};
    for (const xmlNode* a : xml_in::elements(xml_in::child(ctx.request, "Attachments"))) {
        if (parent.failure) {
            xml_out::message(messages, "CreateAttachment", parent.failure->code, parent.failure->text);
            continue;
        }
        Item& item = *parent.item;
        ctx.store.touch(item);
        if (auto bad = add_attachment(item, a)) {
            xml_out::message(messages, "CreateAttachment", bad->code, bad->text);
            continue;
        }
        auto m = xml_out::message(messages, "CreateAttachment");
        auto id = add(add(add(m, "m:Attachments"), "t:FileAttachment"), "t:AttachmentId");
        id.append_attribute("Id") = attachment_id(item.num, item.attachments.back().num).c_str();
        root_ids(id, item);
    }
}

void get_attachment(OperationContext& ctx, pugi::xml_node body) {
    auto messages = xml_out::response_messages(body, "GetAttachment");
    for (const xmlNode* id : xml_in::elements(xml_in::child(ctx.request, "AttachmentIds"))) {
        auto found = find_attachment(ctx, id, false);
        if (found.failure) {
            xml_out::message(messages, "GetAttachment", found.failure->code, found.failure->text);
            continue;
        }
        const Attachment& a = *found.attachment;
        auto f = add(add(xml_out::message(messages, "GetAttachment"), "m:Attachments"), "t:FileAttachment");
        auto aid = add(f, "t:AttachmentId");
        aid.append_attribute("Id") = attachment_id(found.item->num, a.num).c_str();
        add_text(f, "t:Name", a.name);
        if (!a.content_type.empty()) add_text(f, "t:ContentType", a.content_type);
        if (!a.content_id.empty()) add_text(f, "t:ContentId", a.content_id);
        add_text(f, "t:Size", std::to_string(a.size));
        add_text(f, "t:IsInline", a.is_inline ? "true" : "false");
        add_text(f, "t:IsContactPhoto", "false");
        add_text(f, "t:Content", a.content_base64);
    }
}

void delete_attachment(OperationContext& ctx, pugi::xml_node body) {
    auto messages = xml_out::response_messages(body, "DeleteAttachment");
    for (const xmlNode* id : xml_in::elements(xml_in::child(ctx.request, "AttachmentIds"))) {
        auto found = find_attachment(ctx, id, true);
        if (found.failure) {
            xml_out::message(messages, "DeleteAttachment", found.failure->code, found.failure->text);
            continue;
        }
        Item& item = *found.item;
        const int num = found.attachment->num;
        std::erase_if(item.attachments, [&](const Attachment& a) { return a.num == num; });
        ctx.store.touch(item);
        root_ids(add(xml_out::message(messages, "DeleteAttachment"), "m:RootItemId"), item);
    }
}

}  // namespace calbridge::ews_standin
