#include "ews_standin/lookup.h"

#include "ews_standin/ids.h"
#include "ews_standin/series.h"
#include "ews_standin/xml_in.h"

namespace calbridge::ews_standin {

namespace {
Failure access_denied() { return {"ErrorAccessDenied", "Access is denied. Check credentials and try again."}; }
Failure item_not_found() { return {"ErrorItemNotFound", "The specified object was not found in the store."}; }

std::optional<Failure> check_folder(OperationContext& ctx, const Folder& f, bool for_write) {
    if (!ctx.store.can_see(f, ctx.user)) return access_denied();
    if (for_write && !ctx.store.can_write(f, ctx.user)) return access_denied();
    return std::nullopt;
}

ItemLookup occurrence(OperationContext& ctx, Item* item, int index, ItemLookup out) {
    out.item = item;
    out.index = index;
    if (item->deleted.count(index)) {
        out.failure = Failure{"ErrorCalendarOccurrenceIsDeletedFromRecurrence",
                              "Occurrence with this index was previously deleted from the recurrence."};
        return out;
    }
    auto original = original_start(*item, index);
    if (!original) {
        out.failure = Failure{"ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange",
                              "Occurrence index is out of recurrence range."};
        return out;
    }
    out.original = *original;
    (void)ctx;
    return out;
}
}  // namespace

FolderLookup resolve_folder(OperationContext& ctx, const xmlNode* id, bool for_write) {
    FolderLookup out;
    if (xml_in::is(id, xml_in::kTypes, "DistinguishedFolderId")) {
        std::string owner = ctx.user;
        if (const xmlNode* mailbox = xml_in::child(id, "Mailbox")) {
            owner = xml_in::text(xml_in::child(mailbox, "EmailAddress"));
            if (!ctx.store.password_of(owner)) {
                out.failure = Failure{"ErrorNonExistentMailbox", "No mailbox with such guid."};
                return out;
            }
        }
        out.folder = ctx.store.distinguished(owner, xml_in::attr_or(id, "Id", ""));
    } else if (xml_in::is(id, xml_in::kTypes, "FolderId")) {
        auto num = parse_folder_id(xml_in::attr_or(id, "Id", ""));
        if (!num) {
            out.failure = Failure{"ErrorInvalidIdMalformed", "Id is malformed."};
            return out;
        }
        out.folder = ctx.store.folder(*num);
    }
    if (out.folder == nullptr) {
        out.failure = Failure{"ErrorFolderNotFound", "The specified folder could not be found in the store."};
        return out;
    }
    out.failure = check_folder(ctx, *out.folder, for_write);
    if (out.failure) out.folder = nullptr;
    return out;
}

FolderLookup resolve_folder_in(OperationContext& ctx, const xmlNode* parent, bool for_write) {
    auto ids = xml_in::elements(parent);
    if (ids.empty()) return {nullptr, Failure{"ErrorFolderNotFound", "No folder given."}};
    return resolve_folder(ctx, ids.front(), for_write);
}

ItemLookup resolve_item(OperationContext& ctx, const xmlNode* id, bool for_write) {
    ItemLookup out;
    std::optional<ItemRef> ref;
    int index = 0;
    if (xml_in::is(id, xml_in::kTypes, "ItemId") || xml_in::is(id, xml_in::kMessages, "ParentItemId")) {
        ref = parse_item_id(xml_in::attr_or(id, "Id", ""));
        if (ref) index = ref->occurrence;
    } else if (xml_in::is(id, xml_in::kTypes, "OccurrenceItemId")) {
        ref = parse_item_id(xml_in::attr_or(id, "RecurringMasterId", ""));
        if (ref && ref->occurrence) ref.reset();
        index = std::atoi(xml_in::attr_or(id, "InstanceIndex", "0").c_str());
    } else if (xml_in::is(id, xml_in::kTypes, "RecurringMasterItemId")) {
        ref = parse_item_id(xml_in::attr_or(id, "OccurrenceId", ""));
        index = 0;
    }
    if (!ref) {
        out.failure = Failure{"ErrorInvalidIdMalformed", "Id is malformed."};
        return out;
    }
    Item* item = ctx.store.item(ref->item);
    if (item == nullptr) {
        out.failure = item_not_found();
        return out;
    }
    const Folder* folder = ctx.store.folder(item->folder);
    std::optional<Failure> denied = folder ? check_folder(ctx, *folder, for_write) : item_not_found();
    if (!denied && !ctx.store.can_read(*folder, ctx.user)) denied = access_denied();
    if (denied) {
        out.failure = denied;
        return out;
    }
    if (index == 0) {
        out.item = item;
        return out;
    }
    return occurrence(ctx, item, index, out);
}

}  // namespace calbridge::ews_standin
