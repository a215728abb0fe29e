#include "ews/operations/items.h"

#include "ews/errors.h"
#include "ews/soap/namespaces.h"
#include "ews/soap/xml.h"

namespace calbridge::ews {

std::string ExtendedProperty::field_uri_xml() const {
    return R"(<t:ExtendedFieldURI PropertySetId=")" + xml::escape(property_set_id) + R"(" PropertyId=")" +
           std::to_string(property_id) + R"(" PropertyType=")" + xml::escape(property_type) + R"("/>)";
}

const ExtendedProperty& pid_lid_global_object_id() {
    static const ExtendedProperty p{"6ED8DA90-450B-101B-98DA-00AA003F1305", 3, "Binary"};
    return p;
}

const std::vector<std::string>& calendar_item_properties() {
    static const std::vector<std::string> props = [] {
        std::vector<std::string> v;
        for (const char* uri : {
                 "item:Subject", "item:Body", "item:Sensitivity", "item:Importance", "item:Categories",
                 "item:ReminderIsSet", "item:ReminderMinutesBeforeStart", "item:HasAttachments", "item:Attachments",
                 "item:LastModifiedTime", "calendar:UID", "calendar:RecurrenceId", "calendar:DateTimeStamp",
                 "calendar:Start", "calendar:End", "calendar:OriginalStart", "calendar:IsAllDayEvent",
                 "calendar:LegacyFreeBusyStatus", "calendar:Location", "calendar:IsMeeting", "calendar:IsCancelled",
                 "calendar:IsRecurring", "calendar:CalendarItemType", "calendar:MyResponseType",
                 "calendar:Organizer", "calendar:RequiredAttendees", "calendar:OptionalAttendees",
                 "calendar:Resources", "calendar:AppointmentSequenceNumber", "calendar:Recurrence",
                 "calendar:FirstOccurrence", "calendar:LastOccurrence", "calendar:ModifiedOccurrences",
                 "calendar:DeletedOccurrences", "calendar:StartTimeZone", "calendar:EndTimeZone"}) {
            v.push_back(std::string(R"(<t:FieldURI FieldURI=")") + uri + R"("/>)");
        }
        v.push_back(pid_lid_global_object_id().field_uri_xml());
        return v;
    }();
    return props;
}

std::string extended_property_value(pugi::xml_node item, const ExtendedProperty& property) {
    for (const pugi::xml_node ep : xml::children(item, ns::kTypes, "ExtendedProperty")) {
        const pugi::xml_node uri = xml::child(ep, ns::kTypes, "ExtendedFieldURI");
        std::string set = uri.attribute("PropertySetId").value();
        for (auto& ch : set) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        std::string wanted = property.property_set_id;
        for (auto& ch : wanted) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        // PropertyId may come back in decimal or hex ("3" / "0x3").
        const auto id = xml::to_integer(uri.attribute("PropertyId").value());
        if (set == wanted && id == property.property_id) return xml::child_text(ep, ns::kTypes, "Value");
    }
    return {};
}

BatchResult get_items(EwsClient& client, const std::vector<ItemRef>& ids, const GetItemsOptions& options) {
    // ItemResponseShapeType order: BaseShape, IncludeMimeContent, BodyType, ..., AdditionalProperties.
    std::string shape = "<m:ItemShape><t:BaseShape>" + xml::escape(options.base_shape) + "</t:BaseShape>";
    if (!options.body_type.empty()) shape += "<t:BodyType>" + xml::escape(options.body_type) + "</t:BodyType>";
    if (!options.additional_properties.empty()) {
        shape += "<t:AdditionalProperties>";
        for (const std::string& p : options.additional_properties) shape += p;
        shape += "</t:AdditionalProperties>";
    }
    shape += "</m:ItemShape>";
    return run_batched(client, "GetItem", ids.size(), options.batch_size, Idempotency::idempotent,
                       [&](std::size_t begin, std::size_t end) {
                           std::string body = "<m:GetItem>" + shape + "<m:ItemIds>";
                           for (std::size_t i = begin; i < end; ++i) body += item_ref_xml(ids[i]);
                           return body + "</m:ItemIds></m:GetItem>";
                       });
}

BatchResult create_items(EwsClient& client, const FolderRef& folder, const std::vector<std::string>& calendar_items,
                         const CreateItemsOptions& options) {
    return run_batched(client, "CreateItem", calendar_items.size(), options.batch_size, Idempotency::non_idempotent,
                       [&](std::size_t begin, std::size_t end) {
                           std::string body = R"(<m:CreateItem SendMeetingInvitations=")" +
                                              xml::escape(options.send_meeting_invitations) +
                                              R"("><m:SavedItemFolderId>)" + folder.xml() +
                                              "</m:SavedItemFolderId><m:Items>";
                           for (std::size_t i = begin; i < end; ++i) body += calendar_items[i];
                           return body + "</m:Items></m:CreateItem>";
                       },
                       folder.describe());
}

BatchResult update_items(EwsClient& client, const std::vector<ItemChange>& changes, const UpdateItemsOptions& options) {
    // With a ChangeKey and NeverOverwrite, re-sending an update that was applied fails with a
    // conflict instead of duplicating anything: safe to retry.
    return run_batched(client, "UpdateItem", changes.size(), options.batch_size, Idempotency::idempotent,
                       [&](std::size_t begin, std::size_t end) {
                           std::string body = R"(<m:UpdateItem ConflictResolution=")" +
                                              xml::escape(options.conflict_resolution) +
                                              R"(" SendMeetingInvitationsOrCancellations=")" +
                                              xml::escape(options.send_invitations_or_cancellations) +
                                              R"("><m:ItemChanges>)";
                           for (std::size_t i = begin; i < end; ++i) {
                               body += "<t:ItemChange>" + item_ref_xml(changes[i].item) + "<t:Updates>" +
                                       changes[i].updates_xml + "</t:Updates></t:ItemChange>";
                           }
                           return body + "</m:ItemChanges></m:UpdateItem>";
                       });
}

BatchResult delete_items(EwsClient& client, const std::vector<ItemRef>& items, const DeleteItemsOptions& options) {
    // Deleting twice answers ErrorItemNotFound the second time: safe to retry.
    return run_batched(client, "DeleteItem", items.size(), options.batch_size, Idempotency::idempotent,
                       [&](std::size_t begin, std::size_t end) {
                           std::string body = R"(<m:DeleteItem DeleteType=")" + xml::escape(options.delete_type) +
                                              R"(" SendMeetingCancellations=")" +
                                              xml::escape(options.send_meeting_cancellations) + R"("><m:ItemIds>)";
                           for (std::size_t i = begin; i < end; ++i) body += item_ref_xml(items[i]);
                           return body + "</m:ItemIds></m:DeleteItem>";
                       });
}

std::vector<ExtendedPropertyMatch> find_items_by_extended_property_values(EwsClient& client, const FolderRef& folder,
                                                                         const ExtendedProperty& property,
                                                                         const std::vector<std::string>& values) {
    std::vector<ExtendedPropertyMatch> out;
    if (values.empty()) return out;
    // types.xsd RestrictionType: one SearchExpression; several values are an Or of IsEqualTo.
    std::string restriction;
    for (const std::string& value : values)
        restriction += "<t:IsEqualTo>" + property.field_uri_xml() + R"(<t:FieldURIOrConstant><t:Constant Value=")" +
                       xml::escape(value) + R"("/></t:FieldURIOrConstant></t:IsEqualTo>)";
    if (values.size() > 1) restriction = "<t:Or>" + restriction + "</t:Or>";
    constexpr int kPage = 100;
    int offset = 0;
    for (int page = 0; page < 1000; ++page) {
        // FindItemType order: ItemShape, paging view, Restriction, SortOrder, ParentFolderIds. The
        // property itself comes back (AdditionalProperties) to tell which value each item matched.
        const std::string body =
            R"(<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties>)" +
            property.field_uri_xml() + "</t:AdditionalProperties></m:ItemShape>" +
            R"(<m:IndexedPageItemView MaxEntriesReturned=")" + std::to_string(kPage) + R"(" Offset=")" +
            std::to_string(offset) + R"(" BasePoint="Beginning"/>)" + "<m:Restriction>" + restriction +
            "</m:Restriction><m:ParentFolderIds>" + folder.xml() + "</m:ParentFolderIds></m:FindItem>";
        const auto response = client.call("FindItem", body, Idempotency::idempotent);
        if (response->messages().size() != 1) {
            throw EwsError::failure("FindItem", ErrorCategory::permanent, "expected 1 response message");
        }
        const soap::ResponseMessage& m = response->messages().front();
        throw_if_error(m, "FindItem");
        const pugi::xml_node root = xml::child(m.node, ns::kMessages, "RootFolder");
        const auto items = xml::element_children(xml::child(root, ns::kTypes, "Items"));
        for (const pugi::xml_node item : items)
            out.push_back({parse_item_id(xml::child(item, ns::kTypes, "ItemId")), extended_property_value(item, property)});
        if (std::string_view(root.attribute("IncludesLastItemInRange").value()) != "false" || items.empty()) break;
        const auto next = xml::to_integer(root.attribute("IndexedPagingOffset").value());
        const int advanced = next ? static_cast<int>(*next) : offset + static_cast<int>(items.size());
        if (advanced <= offset) break;  // a server that does not move on would loop
        offset = advanced;
    }
    return out;
}

std::vector<ItemId> find_items_by_extended_property(EwsClient& client, const FolderRef& folder,
                                                    const ExtendedProperty& property, const std::string& value) {
    std::vector<ItemId> out;
    for (ExtendedPropertyMatch& match : find_items_by_extended_property_values(client, folder, property, {value}))
        out.push_back(std::move(match.id));
    return out;
}

}  // namespace calbridge::ews
