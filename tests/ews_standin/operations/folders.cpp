// GetFolder and FindFolder (MS-OXWSFOLD 3.1.4.6 / 3.1.4.5): the folder's ids, class, name,
// counts and the EffectiveRights the user has on it (read-only for a shared calendar).
#include "ews_standin/ids.h"
#include "ews_standin/lookup.h"
#include "ews_standin/xml_in.h"
#include "ews_standin/xml_out.h"

namespace calbridge::ews_standin {

namespace {
using xml_out::add;
using xml_out::add_text;

void write_folder(OperationContext& ctx, pugi::xml_node parent, Folder& f) {
    // The element follows the folder class, as Exchange answers (types.xsd NonEmptyArrayOfFoldersType).
    const bool contacts = f.folder_class == "IPF.Contact";
    auto out = add(parent, f.is_calendar() ? "t:CalendarFolder"
                           : contacts      ? "t:ContactsFolder"
                           : f.folder_class == "IPF.Task" ? "t:TasksFolder" : "t:Folder");
    auto id = add(out, "t:FolderId");
    id.append_attribute("Id") = folder_id(f.num).c_str();
    id.append_attribute("ChangeKey") = change_key(f.change).c_str();
    if (Folder* parent_folder = f.parent ? ctx.store.folder(f.parent) : nullptr) {
        auto pid = add(out, "t:ParentFolderId");
        pid.append_attribute("Id") = folder_id(parent_folder->num).c_str();
        pid.append_attribute("ChangeKey") = change_key(parent_folder->change).c_str();
    }
    if (!f.folder_class.empty()) add_text(out, "t:FolderClass", f.folder_class);
    add_text(out, "t:DisplayName", f.display_name);
    add_text(out, "t:TotalCount", std::to_string(ctx.store.items_in(f.num).size()));
    add_text(out, "t:ChildFolderCount", std::to_string(ctx.store.children(f.num, false).size()));
    const bool write = ctx.store.can_write(f, ctx.user);
    const bool owner = f.owner == ctx.user;
    auto rights = add(out, "t:EffectiveRights");
    add_text(rights, "t:CreateAssociated", write ? "true" : "false");
    add_text(rights, "t:CreateContents", write ? "true" : "false");
    add_text(rights, "t:CreateHierarchy", write ? "true" : "false");
    add_text(rights, "t:Delete", write ? "true" : "false");
    add_text(rights, "t:Modify", write ? "true" : "false");
    add_text(rights, "t:Read", ctx.store.can_read(f, ctx.user) ? "true" : "false");
    add_text(rights, "t:ViewPrivateItems", owner ? "true" : "false");
    if (!f.is_calendar() && !contacts) add_text(out, "t:UnreadCount", "0");  // FolderType only
}
}  // namespace

void get_folder(OperationContext& ctx, pugi::xml_node body) {
    auto messages = xml_out::response_messages(body, "GetFolder");
    for (const xmlNode* id : xml_in::elements(xml_in::child(ctx.request, "FolderIds"))) {
        auto found = resolve_folder(ctx, id, false);
        if (found.failure) {
            xml_out::message(messages, "GetFolder", found.failure->code, found.failure->text);
            continue;
        }
        auto m = xml_out::message(messages, "GetFolder");
        write_folder(ctx, add(m, "m:Folders"), *found.folder);
    }
}

void find_folder(OperationContext& ctx, pugi::xml_node body) {
    auto messages = xml_out::response_messages(body, "FindFolder");
    const bool deep = xml_in::attr_or(ctx.request, "Traversal", "Shallow") == "Deep";
    for (const xmlNode* id : xml_in::elements(xml_in::child(ctx.request, "ParentFolderIds"))) {
        auto found = resolve_folder(ctx, id, false);
        if (found.failure) {
            xml_out::message(messages, "FindFolder", found.failure->code, found.failure->text);
            continue;
        }
        auto children = ctx.store.children(found.folder->num, deep);
        std::erase_if(children, [&](Folder* f) { return !ctx.store.can_see(*f, ctx.user); });
        auto m = xml_out::message(messages, "FindFolder");
        auto root = add(m, "m:RootFolder");
        root.append_attribute("IndexedPagingOffset") = static_cast<unsigned>(children.size());
        root.append_attribute("TotalItemsInView") = static_cast<unsigned>(children.size());
        root.append_attribute("IncludesLastItemInRange") = "true";
        auto folders = add(root, "t:Folders");
        for (Folder* f : children) write_folder(ctx, folders, *f);
    }
}

}  // namespace calbridge::ews_standin
