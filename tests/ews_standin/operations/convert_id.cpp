// ConvertId (MS-OXWSCVTID 3.1.4.1): the stand-in's ids exist in one format, so only EwsId (and
// EwsLegacyId, the same id to us) convert, to themselves; the answer's Mailbox is the primary
// SMTP address of the mailbox that holds the folder or item, whatever Mailbox the request gave
// (the id names its mailbox). DavMail 6 relies on exactly that to learn the user's address: it
// converts the root folder's id with Mailbox="blah@blah.com" and reads Mailbox back.
#include "ews_standin/ids.h"
#include "ews_standin/operation.h"
#include "ews_standin/xml_in.h"
#include "ews_standin/xml_out.h"

#include <optional>

namespace calbridge::ews_standin {

namespace {
bool ews_format(const std::string& format) { return format == "EwsId" || format == "EwsLegacyId"; }

// The mailbox that holds the folder or item `id`, when the user may see it.
std::optional<std::string> owner_of(OperationContext& ctx, const std::string& id) {
    Folder* folder = nullptr;
    if (auto f = parse_folder_id(id)) {
        folder = ctx.store.folder(*f);
    } else if (auto ref = parse_item_id(id)) {
        if (Item* item = ctx.store.item(ref->item)) folder = ctx.store.folder(item->folder);
    }
    if (folder == nullptr || !ctx.store.can_see(*folder, ctx.user)) return std::nullopt;
    return folder->owner;
}
}  // namespace

void convert_id(OperationContext& ctx, pugi::xml_node body) {
    auto messages = xml_out::response_messages(body, "ConvertId");
    const std::string destination = xml_in::attr_or(ctx.request, "DestinationFormat", "");
    for (const xmlNode* source : xml_in::elements(xml_in::child(ctx.request, "SourceIds"))) {
        const std::string format = xml_in::attr_or(source, "Format", "");
        const std::string id = xml_in::attr_or(source, "Id", "");
        if (!xml_in::is(source, xml_in::kTypes, "AlternateId") || !ews_format(format) || !ews_format(destination)) {
            // Exchange converts between the other formats (EntryId, HexEntryId, StoreId, OwaId);
            // the stand-in has no MAPI entry ids to convert to or from.
            xml_out::message(messages, "ConvertId", "ErrorInvalidRequest",
                             "The stand-in converts only EwsId and EwsLegacyId, not " + format + " to " + destination + ".");
            continue;
        }
        auto owner = owner_of(ctx, id);
        if (!owner) {
            xml_out::message(messages, "ConvertId", "ErrorInvalidIdMalformed", "Id is malformed.");
            continue;
        }
        auto m = xml_out::message(messages, "ConvertId");
        auto alt = xml_out::add(m, "m:AlternateId");
        alt.append_attribute("xmlns:xsi") = "http://www.w3.org/2001/XMLSchema-instance";
        alt.append_attribute("xsi:type") = "t:AlternateIdType";
        alt.append_attribute("Format") = destination.c_str();
        alt.append_attribute("Id") = id.c_str();
        alt.append_attribute("Mailbox") = owner->c_str();
    }
}

}  // namespace calbridge::ews_standin
