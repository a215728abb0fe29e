#pragma once
// Item and folder references as EWS writes them (types.xsd ItemIdType, OccurrenceItemIdType,
// FolderIdType, DistinguishedFolderIdType), and the request XML for each.
#include <string>
#include <string_view>
#include <variant>

#include <pugixml.hpp>

namespace calbridge::ews {

struct ItemId {
    std::string id;
    std::string change_key;  // may be empty (then not sent)
    bool operator==(const ItemId&) const = default;
};

// One occurrence of a recurring series ([MS-OXWSCORE] 2.2.4.39 OccurrenceItemIdType):
// the master's id and the 1-based index of the occurrence.
struct OccurrenceId {
    std::string recurring_master_id;
    std::string change_key;
    int instance_index = 1;
};

using ItemRef = std::variant<ItemId, OccurrenceId>;

// <t:ItemId Id=".." ChangeKey=".."/> or <t:OccurrenceItemId RecurringMasterId=".." InstanceIndex=".."/>
std::string item_ref_xml(const ItemRef& ref);
// Reads Id and ChangeKey attributes of a t:ItemId (or any element carrying them).
ItemId parse_item_id(pugi::xml_node item_id);

class FolderRef {
public:
    // A well-known folder ("calendar", "root", "msgfolderroot"...), in the authenticated user's
    // mailbox or, with mailbox set, in another mailbox shared with the user.
    static FolderRef distinguished(std::string name, std::string mailbox = {});
    static FolderRef by_id(std::string id, std::string change_key = {});

    // <t:DistinguishedFolderId Id=".."><t:Mailbox><t:EmailAddress>..</t:EmailAddress></t:Mailbox>
    // </t:DistinguishedFolderId> or <t:FolderId Id=".." ChangeKey=".."/>
    std::string xml() const;
    std::string describe() const;  // for error messages

private:
    bool distinguished_ = false;
    std::string id_;
    std::string change_key_;
    std::string mailbox_;
};

}  // namespace calbridge::ews
