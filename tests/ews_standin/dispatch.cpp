#include "ews_standin/operation.h"

#include <map>

namespace calbridge::ews_standin {

bool dispatch(const std::string& op, OperationContext& ctx, pugi::xml_node body) {
    using Handler = void (*)(OperationContext&, pugi::xml_node);
    static const std::map<std::string, Handler> handlers = {
        {"GetFolder", get_folder},   {"FindFolder", find_folder}, {"CreateItem", create_item},
        {"GetItem", get_item},       {"UpdateItem", update_item}, {"DeleteItem", delete_item},
        {"FindItem", find_item},     {"SyncFolderItems", sync_folder_items},
        {"CreateAttachment", create_attachment}, {"GetAttachment", get_attachment},
        {"DeleteAttachment", delete_attachment}, {"ConvertId", convert_id},
    };
    auto it = handlers.find(op);
    if (it == handlers.end()) return false;
    it->second(ctx, body);
    return true;
}

}  // namespace calbridge::ews_standin
