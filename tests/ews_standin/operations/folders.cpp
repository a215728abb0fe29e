// GetFolder and FindFolder (MS-OXWSFOLD 3.1.4.6 / 3.1.4.5): the folder's ids, class, name,
// counts and the EffectiveRights the user has on it (read-only for a shared calendar).
#include "ews_standin/ews_time.h"
#include "ews_standin/ids.h"
#include "ews_standin/lookup.h"
#include "ews_standin/xml_in.h"
#include "ews_standin/xml_out.h"

#include <cstdio>
#include <optional>
#include <vector>

namespace calbridge::ews_standin {

namespace {
using xml_out::add;
using xml_out::add_text;

// MAPI folder properties asked by tag (t:ExtendedFieldURI PropertyTag, MS-OXPROPS), which
// clients such as DavMail read instead of the EWS fields. Exchange answers those that are set
// and omits the others; the stand-in knows these.
struct TagValue {
    std::string type;   // PropertyType as EWS spells it
    std::string value;
};
std::optional<TagValue> folder_tag(OperationContext& ctx, const Folder& f, int tag) {
    switch (tag) {
        case 0x3613:  // PidTagContainerClass
            if (f.folder_class.empty()) return std::nullopt;
            return TagValue{"String", f.folder_class};
        case 0x3602:  // PidTagContentCount
            return TagValue{"Integer", std::to_string(ctx.store.items_in(f.num).size())};
        case 0x3603:  // PidTagContentUnreadCount
            return TagValue{"Integer", "0"};
        case 0x360a:  // PidTagSubfolders
            return TagValue{"Boolean", ctx.store.children(f.num, false).empty() ? "false" : "true"};
        case 0x3001:  // PidTagDisplayName
            return TagValue{"String", f.display_name};
        case 0x670a:  // PidTagLocalCommitTimeMax: the folder's contents last changed
        case 0x3008:  // PidTagLastModificationTime
            return TagValue{"SystemTime", format_utc(f.committed_at)};
        default: return std::nullopt;
    }
}

std::vector<int> asked_tags(const xmlNode* request) {
    std::vector<int> tags;
    const xmlNode* additional = xml_in::child(xml_in::child(request, "FolderShape"), "AdditionalProperties");
    for (const xmlNode* p : xml_in::elements(additional)) {
        auto tag = xml_in::attr(p, "PropertyTag");
        if (xml_in::name(p) != "ExtendedFieldURI" || !tag) continue;
        try {
            tags.push_back(std::stoi(*tag, nullptr, 0));  // "0x3613" or "13843"
        } catch (const std::exception&) {
        }
    }
    return tags;
}

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
    for (int tag : asked_tags(ctx.request)) {
        auto v = folder_tag(ctx, f, tag);
        if (!v) continue;
        auto ext = add(out, "t:ExtendedProperty");
        auto uri = add(ext, "t:ExtendedFieldURI");
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%x", tag);
        uri.append_attribute("PropertyTag") = hex;
        uri.append_attribute("PropertyType") = v->type.c_str();
        add_text(ext, "t:Value", v->value);
    }
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
