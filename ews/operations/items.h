#pragma once
// The item operations of a calendar bridge ([MS-OXWSCORE] 3.1.4: GetItem, CreateItem,
// UpdateItem, DeleteItem), batched (ews/operations/batch.h). Items travel as XML: create_items
// takes t:CalendarItem fragments and update_items t:SetItemField/t:DeleteItemField fragments,
// both written by converters/ (this library knows nothing of iCalendar); get_items returns each
// item as a pugi::xml_node. Fragments use the t: prefix, declared on the envelope.
#include <cstddef>
#include <string>
#include <vector>

#include "ews/client.h"
#include "ews/operations/batch.h"
#include "ews/operations/ids.h"

namespace calbridge::ews {

// An extended MAPI property (types.xsd PathToExtendedFieldType) by property set and id.
struct ExtendedProperty {
    std::string property_set_id;  // GUID
    int property_id = 0;
    std::string property_type;    // types.xsd MapiPropertyTypeType: "Binary", "String"...

    std::string field_uri_xml() const;  // <t:ExtendedFieldURI PropertySetId=".." PropertyId=".." PropertyType=".."/>
};

// PidLidGlobalObjectId ([MS-OXPROPS] 2.142; [MS-OXOCAL] 2.2.1.27): PSETID_Meeting, id 0x0003,
// PT_BINARY. The identity of a meeting across mailboxes; the iCalendar UID derives from it.
const ExtendedProperty& pid_lid_global_object_id();

// The AdditionalProperties a calendar bridge reads, as <t:FieldURI>/<t:ExtendedFieldURI>
// elements (every name checked against types.xsd UnindexedFieldURIType).
const std::vector<std::string>& calendar_item_properties();

// The value of an extended property on an item from a response (t:ExtendedProperty/t:Value,
// base64 for Binary); "" when absent.
std::string extended_property_value(pugi::xml_node item, const ExtendedProperty& property);

struct GetItemsOptions {
    std::size_t batch_size = 250;
    std::string base_shape = "AllProperties";   // types.xsd DefaultShapeNamesType
    std::string body_type = "Best";             // BodyTypeResponseType: Best | HTML | Text
    std::vector<std::string> additional_properties = calendar_item_properties();
};
BatchResult get_items(EwsClient& client, const std::vector<ItemRef>& ids, const GetItemsOptions& options = {});

struct CreateItemsOptions {
    std::size_t batch_size = 100;
    // types.xsd CalendarItemCreateOrDeleteOperationType: never invite anyone unless asked.
    std::string send_meeting_invitations = "SendToNone";
};
// calendar_items: complete <t:CalendarItem>...</t:CalendarItem> fragments. Never retried once
// the request may have reached the server: a transient `stopped` error with
// may_have_reached_server means "look the items up (find_items_by_extended_property) first".
BatchResult create_items(EwsClient& client, const FolderRef& folder, const std::vector<std::string>& calendar_items,
                         const CreateItemsOptions& options = {});

struct ItemChange {
    ItemRef item;             // ItemId with ChangeKey (conflict detection) or an occurrence
    std::string updates_xml;  // <t:SetItemField>..</t:SetItemField><t:DeleteItemField .../>...
};
struct UpdateItemsOptions {
    std::size_t batch_size = 100;
    // types.xsd ConflictResolutionType: NeverOverwrite makes a stale ChangeKey fail with
    // ErrorIrresolvableConflict instead of silently overwriting the other side's edit.
    std::string conflict_resolution = "NeverOverwrite";
    std::string send_invitations_or_cancellations = "SendToNone";  // CalendarItemUpdateOperationType
};
BatchResult update_items(EwsClient& client, const std::vector<ItemChange>& changes,
                         const UpdateItemsOptions& options = {});

struct DeleteItemsOptions {
    std::size_t batch_size = 100;
    std::string delete_type = "MoveToDeletedItems";   // DisposalType: HardDelete | SoftDelete | MoveToDeletedItems
    std::string send_meeting_cancellations = "SendToNone";
    // AffectedTaskOccurrences is required by Exchange only when deleting tasks; calendar items
    // never send it.
};
BatchResult delete_items(EwsClient& client, const std::vector<ItemRef>& items, const DeleteItemsOptions& options = {});

// FindItem Shallow in folder with a Restriction IsEqualTo on property == value (for Binary
// properties, value is base64, as EWS writes it). Used to find an item by its global object id
// before creating it again. Returns the ids (ItemId + ChangeKey) of every match, all pages.
std::vector<ItemId> find_items_by_extended_property(EwsClient& client, const FolderRef& folder,
                                                    const ExtendedProperty& property, const std::string& value);

// The same for several values at once (a Restriction Or of IsEqualTo: one round trip per page of
// matches, however many values): each match with the value it holds (as extended_property_value
// reads it). Callers keep `values` to a few hundred: the request grows with them.
struct ExtendedPropertyMatch {
    ItemId id;
    std::string value;
};
std::vector<ExtendedPropertyMatch> find_items_by_extended_property_values(EwsClient& client, const FolderRef& folder,
                                                                         const ExtendedProperty& property,
                                                                         const std::vector<std::string>& values);

}  // namespace calbridge::ews
