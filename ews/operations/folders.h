#pragma once
// GetFolder and FindFolder ([MS-OXWSFOLD] 3.1.4.6, 3.1.4.4): the calendar a bridge pairs with,
// its sub-calendars, and another mailbox's calendar shared with the user (a
// DistinguishedFolderId with a Mailbox). EffectiveRights tell a read-only shared calendar
// before any write fails.
#include <string>
#include <vector>

#include "ews/client.h"
#include "ews/operations/ids.h"

namespace calbridge::ews {

struct FolderInfo {
    ItemId id;                 // FolderId Id + ChangeKey
    std::string parent_id;
    std::string display_name;
    std::string folder_class;  // "IPF.Appointment" for calendars
    int total_count = -1;      // -1 when not returned
    // types.xsd EffectiveRightsType.
    bool can_read = false;
    bool can_create = false;   // CreateContents
    bool can_modify = false;   // Modify
    bool can_delete = false;   // Delete

    bool is_calendar() const { return folder_class.rfind("IPF.Appointment", 0) == 0; }
};

// Throws EwsError (item_not_found for ErrorFolderNotFound, access_denied...).
FolderInfo get_folder(EwsClient& client, const FolderRef& folder);

// The calendar folders under parent (IPF.Appointment*), Shallow or Deep, all pages.
std::vector<FolderInfo> find_calendar_folders(EwsClient& client, const FolderRef& parent, bool deep = false);

}  // namespace calbridge::ews
