#pragma once
// SyncFolderItems ([MS-OXWSSYNC] 3.1.4.2): the changes to a folder's items since a sync state,
// at most max_changes (1..512, types.xsd MaxSyncChangesReturnedType) per call; call again with
// the new state until includes_last. Items come back as ids (IdOnly shape): the bridge fetches
// the ones it needs with get_items (batched). ErrorInvalidSyncStateData throws EwsError with
// category invalid_sync_state: the caller restarts from an empty state and reconciles by id.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "ews/client.h"
#include "ews/operations/ids.h"
#include "ews/soap/response.h"

namespace calbridge::ews {

struct SyncChange {
    enum class Kind { create, update, remove, read_flag };
    Kind kind = Kind::create;
    ItemId id;                 // Delete and ReadFlagChange carry only the id
    std::string item_type;     // "CalendarItem", "Message"... (local name); "" for Delete
    pugi::xml_node item;       // the item element for Create/Update, null otherwise
};

struct SyncResult {
    std::unique_ptr<soap::Response> response;  // owns the nodes in changes
    std::string sync_state;                    // persist it with the applied changes
    bool includes_last = true;
    std::vector<SyncChange> changes;
};

SyncResult sync_folder_items(EwsClient& client, const FolderRef& folder, std::string_view sync_state,
                             int max_changes = 512);

}  // namespace calbridge::ews
