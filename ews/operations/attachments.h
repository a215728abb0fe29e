#pragma once
// File attachments of calendar items ([MS-OXWSATT] 3.1.4.1 CreateAttachment, 3.1.4.3
// GetAttachment, 3.1.4.2 DeleteAttachment). Contents travel base64-encoded, as EWS writes them
// (types.xsd FileAttachmentType Content is xs:base64Binary); callers encode and decode.
// Creating an attachment changes the parent item's ChangeKey: the result carries the new one.
#include <string>
#include <vector>

#include "ews/client.h"
#include "ews/operations/ids.h"

namespace calbridge::ews {

struct FileAttachment {
    std::string id;             // AttachmentId Id ("" before creation)
    std::string name;
    std::string content_type;
    std::string content_id;     // for inline attachments
    bool is_inline = false;
    long long size = -1;        // -1 when not returned
    std::string content_base64;
};

// One GetAttachment request for all ids; per-attachment errors throw EwsError with the position
// ("EWS GetAttachment item 2 of 3: ErrorAttachmentNotFound ...").
std::vector<FileAttachment> get_attachments(EwsClient& client, const std::vector<std::string>& attachment_ids);

struct CreatedAttachment {
    std::string attachment_id;
    ItemId parent;              // RootItemId and its new RootItemChangeKey
};
// Adds one file attachment to an item. Not idempotent: never re-sent once it may have reached
// the server (see EwsClient).
CreatedAttachment create_attachment(EwsClient& client, const ItemId& parent, const FileAttachment& attachment);

// Returns the parent item's new id and ChangeKey.
ItemId delete_attachment(EwsClient& client, const std::string& attachment_id);

}  // namespace calbridge::ews
