#pragma once
// Resolving the folder and item ids of a request, with the ResponseCode Exchange answers when
// they do not resolve or the user lacks the right (a shared calendar read-only:
// ErrorAccessDenied on every write).
#include "ews_standin/operation.h"

#include <optional>

namespace calbridge::ews_standin {

struct Failure {
    std::string code;  // a messages.xsd ResponseCodeType value
    std::string text;
};

struct FolderLookup {
    Folder* folder = nullptr;
    std::optional<Failure> failure;
};
// t:FolderId or t:DistinguishedFolderId (with an optional t:Mailbox naming another mailbox).
FolderLookup resolve_folder(OperationContext& ctx, const xmlNode* id, bool for_write);
// The first element child of `parent` (m:SavedItemFolderId, m:ParentFolderIds ...).
FolderLookup resolve_folder_in(OperationContext& ctx, const xmlNode* parent, bool for_write);

struct ItemLookup {
    Item* item = nullptr;
    int index = 0;              // occurrence InstanceIndex, 0 for the item itself
    std::int64_t original = 0;  // original start of the occurrence
    std::optional<Failure> failure;
};
// t:ItemId, t:OccurrenceItemId or t:RecurringMasterItemId.
ItemLookup resolve_item(OperationContext& ctx, const xmlNode* id, bool for_write);

}  // namespace calbridge::ews_standin
