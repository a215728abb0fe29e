#include "ews/operations/sync_folder_items.h"

#include <algorithm>

#include "ews/errors.h"
#include "ews/soap/namespaces.h"
#include "ews/soap/xml.h"

namespace calbridge::ews {

SyncResult sync_folder_items(EwsClient& client, const FolderRef& folder, std::string_view sync_state,
                             int max_changes) {
    max_changes = std::clamp(max_changes, 1, 512);
    // messages.xsd SyncFolderItemsType order: ItemShape, SyncFolderId, SyncState, Ignore,
    // MaxChangesReturned, SyncScope.
    std::string body = "<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape>"
                       R"(<t:AdditionalProperties><t:FieldURI FieldURI="item:ItemClass"/></t:AdditionalProperties>)"
                       "</m:ItemShape><m:SyncFolderId>" +
                       folder.xml() + "</m:SyncFolderId>";
    if (!sync_state.empty()) body += "<m:SyncState>" + xml::escape(sync_state) + "</m:SyncState>";
    body += "<m:MaxChangesReturned>" + std::to_string(max_changes) + "</m:MaxChangesReturned></m:SyncFolderItems>";

    SyncResult result;
    result.response = client.call("SyncFolderItems", body, Idempotency::idempotent);
    if (result.response->messages().size() != 1) {
        throw EwsError::failure("SyncFolderItems", ErrorCategory::permanent, "expected 1 response message");
    }
    const soap::ResponseMessage& m = result.response->messages().front();
    try {
        throw_if_error(m, "SyncFolderItems");
    } catch (const EwsError& e) {
        throw e.with_context(folder.describe());
    }
    result.sync_state = xml::child_text(m.node, ns::kMessages, "SyncState");
    result.includes_last = xml::child_text(m.node, ns::kMessages, "IncludesLastItemInRange") != "false";
    for (const pugi::xml_node change : xml::element_children(xml::child(m.node, ns::kMessages, "Changes"))) {
        if (xml::namespace_of(change) != ns::kTypes) continue;
        const std::string_view kind = xml::local_name(change);
        SyncChange c;
        if (kind == "Create" || kind == "Update") {
            c.kind = kind == "Create" ? SyncChange::Kind::create : SyncChange::Kind::update;
            const auto items = xml::element_children(change);
            if (items.empty()) continue;
            c.item = items.front();
            c.item_type = std::string(xml::local_name(c.item));
            c.id = parse_item_id(xml::child(c.item, ns::kTypes, "ItemId"));
        } else if (kind == "Delete" || kind == "ReadFlagChange") {
            c.kind = kind == "Delete" ? SyncChange::Kind::remove : SyncChange::Kind::read_flag;
            c.id = parse_item_id(xml::child(change, ns::kTypes, "ItemId"));
        } else {
            continue;
        }
        result.changes.push_back(std::move(c));
    }
    return result;
}

}  // namespace calbridge::ews
