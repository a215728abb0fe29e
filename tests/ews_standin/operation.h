#pragma once
// One EWS operation being answered: who asks, the request's operation element (libxml2, as
// validated), and where the response goes. Each operation lives in its own operations/*.cpp.
#include "ews_standin/mailbox_store.h"

#include <libxml/tree.h>
#include <pugixml.hpp>

#include <string>

namespace calbridge::ews_standin {

struct OperationContext {
    MailboxStore& store;     // locked by the caller
    std::string user;        // authenticated e-mail address
    const xmlNode* request;  // m:<Operation>
    std::string time_zone;   // TimeZoneContext/TimeZoneDefinition/@Id, "UTC" when absent
};

// Writes m:<op>Response into body. False when the stand-in does not implement op.
bool dispatch(const std::string& op, OperationContext& ctx, pugi::xml_node body);

void get_folder(OperationContext& ctx, pugi::xml_node body);
void find_folder(OperationContext& ctx, pugi::xml_node body);
void create_item(OperationContext& ctx, pugi::xml_node body);
void get_item(OperationContext& ctx, pugi::xml_node body);
void update_item(OperationContext& ctx, pugi::xml_node body);
void delete_item(OperationContext& ctx, pugi::xml_node body);
void find_item(OperationContext& ctx, pugi::xml_node body);
void sync_folder_items(OperationContext& ctx, pugi::xml_node body);
void create_attachment(OperationContext& ctx, pugi::xml_node body);
void get_attachment(OperationContext& ctx, pugi::xml_node body);
void delete_attachment(OperationContext& ctx, pugi::xml_node body);
void convert_id(OperationContext& ctx, pugi::xml_node body);

}  // namespace calbridge::ews_standin
