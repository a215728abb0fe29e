#pragma once
// The stand-in's opaque identifiers. Exchange's ItemId/FolderId/ChangeKey are base64 blobs the
// client must not interpret (MS-OXWSCORE 2.2.4.x); ours are base64 too, of a readable text, so
// a failing test's log can be decoded by hand. A ChangeKey comes from one counter shared by the
// whole server: it changes on every update and never comes back.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace calbridge::ews_standin {

struct ItemRef {
    std::int64_t item = 0;  // the stored item (single or series master)
    int occurrence = 0;     // 0 = the item itself; else the 1-based InstanceIndex
};

std::string folder_id(std::int64_t folder);
std::string item_id(std::int64_t item);
std::string occurrence_id(std::int64_t master, int index);
std::string change_key(std::uint64_t counter);
std::string attachment_id(std::int64_t item, int attachment);

std::optional<std::int64_t> parse_folder_id(std::string_view id);
std::optional<ItemRef> parse_item_id(std::string_view id);  // item or occurrence id
std::optional<std::uint64_t> parse_change_key(std::string_view key);
struct AttachmentRef {
    std::int64_t item = 0;
    int attachment = 0;
};
std::optional<AttachmentRef> parse_attachment_id(std::string_view id);

}  // namespace calbridge::ews_standin
