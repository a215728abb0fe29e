#pragma once
// The EWS adapter of the bridge (issue 5): sync::RemoteCalendar over one Exchange calendar folder,
// through the EWS client (ews/) and the CalendarItem converters (converters/ews). The engine sees
// iCalendar only; this class turns its batches into as few EWS round trips as the protocol allows:
//  - changes(): one SyncFolderItems page (up to 512 changes), then one GetItem per 250 changed
//    items, plus one GetItem for the modified occurrences of the page's recurring masters. Items
//    whose ChangeKey the engine already holds (KnownVersions) are listed as unchanged and not
//    fetched, so the engine's own writes never travel back.
//  - create(): one CreateItem per 100 items, then one CreateAttachment per file attachment, one
//    UpdateItem / DeleteItem for the modified and deleted occurrences of all of them, and one
//    GetItem (IdOnly) for the final ChangeKeys of the items these touched.
//  - changes() reads file attachments with one GetAttachment per page.
//  - find_by_uid(): one FindItem per 100 UIDs (an Or of PidLidGlobalObjectId equalities).
// Meeting invitations, updates and cancellations are never sent (SendToNone).
#include <string>

#include "converters/ews/calendar_item_writer.h"
#include "ews/client.h"
#include "ews/operations/ids.h"
#include "gateway/sync/remote_calendar.h"

namespace calbridge::remotes {

struct EwsCalendarOptions {
    ews::FolderRef folder = ews::FolderRef::distinguished("calendar");
    ews::WriteOptions write;          // the mailbox's zone for all-day events
    int sync_page_size = 512;         // SyncFolderItems MaxChangesReturned (1..512)
    std::size_t read_batch = 250;     // items per GetItem
    std::size_t write_batch = 100;    // items per CreateItem / UpdateItem / DeleteItem
    std::size_t lookup_batch = 100;   // UIDs per FindItem
};

class EwsRemoteCalendar final : public sync::RemoteCalendar {
public:
    // The client must outlive this object.
    EwsRemoteCalendar(ews::EwsClient& client, EwsCalendarOptions options);

    sync::RemoteCapabilities capabilities() override;
    sync::RemoteChanges changes(std::string_view state, const sync::KnownVersions& known) override;
    std::vector<sync::WriteOutcome> create(std::span<const std::string> icals) override;
    std::vector<sync::WriteOutcome> update(std::span<const sync::RemoteUpdate> updates) override;
    std::vector<sync::WriteOutcome> remove(std::span<const sync::RemoteRef> refs) override;
    std::vector<std::optional<sync::RemoteItem>> find_by_uid(std::span<const std::string> uids) override;

private:
    std::vector<std::optional<sync::RemoteItem>> fetch(const std::vector<ews::ItemId>& ids);
    // Applies what a written master needs beyond its own fields: its file attachments (`attach`:
    // after a create only), modified and deleted occurrences. Returns the message of the first
    // failure per master ("" when all went well), in the order of `masters`.
    std::vector<std::string> write_occurrences(const std::vector<std::pair<ews::ItemId, const ews::EwsCalendarItem*>>& masters,
                                               bool attach);
    // write_occurrences for the masters at `positions` of `out`, then their final ChangeKeys.
    void complete_writes(const std::vector<std::pair<ews::ItemId, const ews::EwsCalendarItem*>>& masters,
                         const std::vector<std::size_t>& positions, bool attach, std::vector<sync::WriteOutcome>& out);
    // The current ChangeKeys of items (GetItem IdOnly).
    std::vector<std::optional<ews::ItemId>> current_ids(const std::vector<ews::ItemId>& ids);
    const ews::FolderRef& folder();

    ews::EwsClient& client_;
    EwsCalendarOptions options_;
    std::optional<ews::FolderRef> resolved_;  // the folder's FolderId once GetFolder named it
};

}  // namespace calbridge::remotes
