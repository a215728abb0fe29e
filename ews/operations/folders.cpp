#include "ews/operations/folders.h"

#include "ews/errors.h"
#include "ews/soap/namespaces.h"
#include "ews/soap/xml.h"

namespace calbridge::ews {

namespace {

// FolderResponseShapeType: BaseShape, then AdditionalProperties (types.xsd order).
constexpr std::string_view kFolderShape =
    "<m:FolderShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties>"
    R"(<t:FieldURI FieldURI="folder:ParentFolderId"/>)"
    R"(<t:FieldURI FieldURI="folder:DisplayName"/>)"
    R"(<t:FieldURI FieldURI="folder:FolderClass"/>)"
    R"(<t:FieldURI FieldURI="folder:TotalCount"/>)"
    R"(<t:FieldURI FieldURI="folder:EffectiveRights"/>)"
    "</t:AdditionalProperties></m:FolderShape>";

bool flag(pugi::xml_node rights, std::string_view name) {
    return xml::child_text(rights, ns::kTypes, name) == "true" || xml::child_text(rights, ns::kTypes, name) == "1";
}

FolderInfo parse_folder(pugi::xml_node f) {
    FolderInfo info;
    info.id = parse_item_id(xml::child(f, ns::kTypes, "FolderId"));
    info.parent_id = xml::child(f, ns::kTypes, "ParentFolderId").attribute("Id").value();
    info.display_name = xml::child_text(f, ns::kTypes, "DisplayName");
    info.folder_class = xml::child_text(f, ns::kTypes, "FolderClass");
    if (xml::local_name(f) == "CalendarFolder" && info.folder_class.empty()) info.folder_class = "IPF.Appointment";
    info.total_count = static_cast<int>(xml::to_integer(xml::child_text(f, ns::kTypes, "TotalCount")).value_or(-1));
    const pugi::xml_node rights = xml::child(f, ns::kTypes, "EffectiveRights");
    info.can_read = flag(rights, "Read");
    info.can_create = flag(rights, "CreateContents");
    info.can_modify = flag(rights, "Modify");
    info.can_delete = flag(rights, "Delete");
    return info;
}

}  // namespace

FolderInfo get_folder(EwsClient& client, const FolderRef& folder) {
    const std::string body =
        "<m:GetFolder>" + std::string(kFolderShape) + "<m:FolderIds>" + folder.xml() + "</m:FolderIds></m:GetFolder>";
    const auto response = client.call("GetFolder", body, Idempotency::idempotent);
    if (response->messages().size() != 1) {
        throw EwsError::failure("GetFolder", ErrorCategory::permanent, "expected 1 response message for " + folder.describe());
    }
    const soap::ResponseMessage& m = response->messages().front();
    try {
        throw_if_error(m, "GetFolder");
    } catch (const EwsError& e) {
        throw e.with_context(folder.describe());
    }
    const auto folders = xml::element_children(xml::child(m.node, ns::kMessages, "Folders"));
    if (folders.empty()) {
        throw EwsError::failure("GetFolder", ErrorCategory::permanent, "no folder in the response for " + folder.describe());
    }
    return parse_folder(folders.front());
}

std::vector<FolderInfo> find_calendar_folders(EwsClient& client, const FolderRef& parent, bool deep) {
    std::vector<FolderInfo> out;
    constexpr int kPage = 500;
    int offset = 0;
    for (int page = 0; page < 1000; ++page) {  // bounded: a server that never says "last" stops here
        const std::string body = std::string(R"(<m:FindFolder Traversal=")") + (deep ? "Deep" : "Shallow") + R"(">)" +
                                 std::string(kFolderShape) + R"(<m:IndexedPageFolderView MaxEntriesReturned=")" +
                                 std::to_string(kPage) + R"(" Offset=")" + std::to_string(offset) +
                                 R"(" BasePoint="Beginning"/><m:ParentFolderIds>)" + parent.xml() +
                                 "</m:ParentFolderIds></m:FindFolder>";
        const auto response = client.call("FindFolder", body, Idempotency::idempotent);
        if (response->messages().size() != 1) {
            throw EwsError::failure("FindFolder", ErrorCategory::permanent, "expected 1 response message");
        }
        const soap::ResponseMessage& m = response->messages().front();
        throw_if_error(m, "FindFolder");
        const pugi::xml_node root = xml::child(m.node, ns::kMessages, "RootFolder");
        const auto folders = xml::element_children(xml::child(root, ns::kTypes, "Folders"));
        for (const pugi::xml_node f : folders) {
            FolderInfo info = parse_folder(f);
            if (info.is_calendar()) out.push_back(std::move(info));
        }
        const std::string last = root.attribute("IncludesLastItemInRange").value();
        if (last != "false" || folders.empty()) break;
        const auto next = xml::to_integer(root.attribute("IndexedPagingOffset").value());
        const int advanced = next ? static_cast<int>(*next) : offset + static_cast<int>(folders.size());
        if (advanced <= offset) break;  // a server that does not move on would loop
        offset = advanced;
    }
    return out;
}

}  // namespace calbridge::ews
