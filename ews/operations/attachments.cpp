#include "ews/operations/attachments.h"

#include "ews/errors.h"
#include "ews/soap/namespaces.h"
#include "ews/soap/xml.h"

namespace calbridge::ews {

namespace {

void check_all(const soap::Response& response, std::string_view operation, std::size_t expected) {
    const auto& messages = response.messages();
    if (messages.size() != expected) {
        throw EwsError::failure(std::string(operation), ErrorCategory::permanent,
                                "expected " + std::to_string(expected) + " response messages, got " +
                                    std::to_string(messages.size()),
                                200, true);
    }
    for (std::size_t i = 0; i < messages.size(); ++i) {
        if (!messages[i].ok()) {
            throw EwsError::from_item(std::string(operation), static_cast<int>(i) + 1, static_cast<int>(expected),
                                      messages[i].response_code, messages[i].message_text);
        }
    }
}

}  // namespace

std::vector<FileAttachment> get_attachments(EwsClient& client, const std::vector<std::string>& attachment_ids) {
    if (attachment_ids.empty()) return {};
    std::string body = "<m:GetAttachment><m:AttachmentIds>";
    for (const std::string& id : attachment_ids) body += R"(<t:AttachmentId Id=")" + xml::escape(id) + R"("/>)";
    body += "</m:AttachmentIds></m:GetAttachment>";
    const auto response = client.call("GetAttachment", body, Idempotency::idempotent);
    check_all(*response, "GetAttachment", attachment_ids.size());
    std::vector<FileAttachment> out;
    for (const soap::ResponseMessage& m : response->messages()) {
        for (const pugi::xml_node a : xml::element_children(xml::child(m.node, ns::kMessages, "Attachments"))) {
            if (!xml::is(a, ns::kTypes, "FileAttachment")) continue;  // ItemAttachment: not a file
            FileAttachment f;
            f.id = xml::child(a, ns::kTypes, "AttachmentId").attribute("Id").value();
            f.name = xml::child_text(a, ns::kTypes, "Name");
            f.content_type = xml::child_text(a, ns::kTypes, "ContentType");
            f.content_id = xml::child_text(a, ns::kTypes, "ContentId");
            f.is_inline = xml::child_text(a, ns::kTypes, "IsInline") == "true";
            f.size = xml::to_integer(xml::child_text(a, ns::kTypes, "Size")).value_or(-1);
            f.content_base64 = xml::child_text(a, ns::kTypes, "Content");
            out.push_back(std::move(f));
        }
    }
    return out;
}

CreatedAttachment create_attachment(EwsClient& client, const ItemId& parent, const FileAttachment& attachment) {
    // FileAttachmentType order: AttachmentType's Name, ContentType, ContentId, ..., IsInline,
    // then IsContactPhoto, Content.
    std::string body = "<m:CreateAttachment><m:ParentItemId Id=\"" + xml::escape(parent.id) + '"';
    if (!parent.change_key.empty()) body += " ChangeKey=\"" + xml::escape(parent.change_key) + '"';
    body += "/><m:Attachments><t:FileAttachment><t:Name>" + xml::escape(attachment.name) + "</t:Name>";
    if (!attachment.content_type.empty()) body += "<t:ContentType>" + xml::escape(attachment.content_type) + "</t:ContentType>";
    if (!attachment.content_id.empty()) body += "<t:ContentId>" + xml::escape(attachment.content_id) + "</t:ContentId>";
    if (attachment.is_inline) body += "<t:IsInline>true</t:IsInline>";
    body += "<t:Content>" + attachment.content_base64 + "</t:Content></t:FileAttachment></m:Attachments></m:CreateAttachment>";
    const auto response = client.call("CreateAttachment", body, Idempotency::non_idempotent);
    check_all(*response, "CreateAttachment", 1);
    const pugi::xml_node a =
        xml::element_children(xml::child(response->messages()[0].node, ns::kMessages, "Attachments")).front();
    const pugi::xml_node id = xml::child(a, ns::kTypes, "AttachmentId");
    return CreatedAttachment{id.attribute("Id").value(),
                             ItemId{id.attribute("RootItemId").value(), id.attribute("RootItemChangeKey").value()}};
}

ItemId delete_attachment(EwsClient& client, const std::string& attachment_id) {
    const std::string body = R"(<m:DeleteAttachment><m:AttachmentIds><t:AttachmentId Id=")" + xml::escape(attachment_id) +
                             R"("/></m:AttachmentIds></m:DeleteAttachment>)";
    const auto response = client.call("DeleteAttachment", body, Idempotency::idempotent);
    check_all(*response, "DeleteAttachment", 1);
    const pugi::xml_node root = xml::child(response->messages()[0].node, ns::kMessages, "RootItemId");
    return ItemId{root.attribute("RootItemId").value(), root.attribute("RootItemChangeKey").value()};
}

}  // namespace calbridge::ews
