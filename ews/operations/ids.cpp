#include "ews/operations/ids.h"

#include "ews/soap/xml.h"

namespace calbridge::ews {

std::string item_ref_xml(const ItemRef& ref) {
    if (const auto* id = std::get_if<ItemId>(&ref)) {
        std::string out = R"(<t:ItemId Id=")" + xml::escape(id->id) + '"';
        if (!id->change_key.empty()) out += R"( ChangeKey=")" + xml::escape(id->change_key) + '"';
        return out + "/>";
    }
    const auto& occ = std::get<OccurrenceId>(ref);
    std::string out = R"(<t:OccurrenceItemId RecurringMasterId=")" + xml::escape(occ.recurring_master_id) + '"';
    if (!occ.change_key.empty()) out += R"( ChangeKey=")" + xml::escape(occ.change_key) + '"';
    return out + R"( InstanceIndex=")" + std::to_string(occ.instance_index) + R"("/>)";
}

ItemId parse_item_id(pugi::xml_node item_id) {
    return ItemId{item_id.attribute("Id").value(), item_id.attribute("ChangeKey").value()};
}

FolderRef FolderRef::distinguished(std::string name, std::string mailbox) {
    FolderRef f;
    f.distinguished_ = true;
    f.id_ = std::move(name);
    f.mailbox_ = std::move(mailbox);
    return f;
}

FolderRef FolderRef::by_id(std::string id, std::string change_key) {
    FolderRef f;
    f.id_ = std::move(id);
    f.change_key_ = std::move(change_key);
    return f;
}

std::string FolderRef::xml() const {
    if (!distinguished_) {
        std::string out = R"(<t:FolderId Id=")" + xml::escape(id_) + '"';
        if (!change_key_.empty()) out += R"( ChangeKey=")" + xml::escape(change_key_) + '"';
        return out + "/>";
    }
    std::string out = R"(<t:DistinguishedFolderId Id=")" + xml::escape(id_) + '"';
    if (mailbox_.empty()) return out + "/>";
    return out + "><t:Mailbox><t:EmailAddress>" + xml::escape(mailbox_) +
           "</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId>";
}

std::string FolderRef::describe() const {
    if (!distinguished_) return "folder " + id_;
    return mailbox_.empty() ? "folder '" + id_ + "'" : "folder '" + id_ + "' of " + mailbox_;
}

}  // namespace calbridge::ews
