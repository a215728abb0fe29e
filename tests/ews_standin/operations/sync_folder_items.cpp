// SyncFolderItems (MS-OXWSSYNC 3.1.4.2): the changes since the SyncState, oldest first, at most
// MaxChangesReturned (1..512) per call with IncludesLastItemInRange="false" while more remain.
// One change per item, its latest state: Create if the client's state predates the item,
// else Update; Delete for items removed since (never for one created and removed in between).
#include "ews_standin/ids.h"
#include "ews_standin/item_view.h"
#include "ews_standin/lookup.h"
#include "ews_standin/sync_state.h"
#include "ews_standin/xml_in.h"
#include "ews_standin/xml_out.h"

#include <algorithm>
#include <set>

namespace calbridge::ews_standin {

namespace {
struct Change {
    std::uint64_t generation = 0;
    enum class Kind { Create, Update, Delete } kind = Kind::Create;
    Item* item = nullptr;
    std::int64_t deleted_item = 0;
    std::uint64_t deleted_change = 0;
};
}  // namespace

void sync_folder_items(OperationContext& ctx, pugi::xml_node body) {
    auto messages = xml_out::response_messages(body, "SyncFolderItems");
    auto found = resolve_folder_in(ctx, xml_in::child(ctx.request, "SyncFolderId"), false);
    if (!found.failure && !ctx.store.can_read(*found.folder, ctx.user))
        found.failure = Failure{"ErrorAccessDenied", "Access is denied. Check credentials and try again."};
    if (found.failure) {
        xml_out::message(messages, "SyncFolderItems", found.failure->code, found.failure->text);
        return;
    }
    const Folder& folder = *found.folder;
    std::uint64_t since = 0;
    const std::string sent = xml_in::text(xml_in::child(ctx.request, "SyncState"));
    if (!sent.empty()) {
        auto state = decode_sync_state(sent);
        if (!state || state->folder != folder.num || state->epoch != ctx.store.sync_epoch() ||
            state->generation > ctx.store.generation()) {
            xml_out::message(messages, "SyncFolderItems", "ErrorInvalidSyncStateData",
                             "Synchronization state data is corrupt or otherwise invalid.");
            return;
        }
        since = state->generation;
    }
    const int max_changes = std::clamp(std::atoi(xml_in::text(xml_in::child(ctx.request, "MaxChangesReturned")).c_str()), 1, 512);

    // m:Ignore: items whose changes the client does not want reported (MS-OXWSSYNC 2.2.4.x).
    std::set<std::string> ignored;
    for (const xmlNode* id : xml_in::elements(xml_in::child(ctx.request, "Ignore")))
        ignored.insert(xml_in::attr_or(id, "Id", ""));
    std::vector<Change> changes;
    for (Item* item : ctx.store.items_in(folder.num))
        if (item->modified_gen > since && !ignored.count(item_id(item->num)))
            changes.push_back(
                {item->modified_gen, item->created_gen > since ? Change::Kind::Create : Change::Kind::Update, item, 0, 0});
    for (const Tombstone& t : ctx.store.tombstones())
        if (t.folder == folder.num && t.deleted_gen > since && t.created_gen <= since)
            changes.push_back({t.deleted_gen, Change::Kind::Delete, nullptr, t.item, t.change});
    std::sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) { return a.generation < b.generation; });
    const bool last = changes.size() <= static_cast<std::size_t>(max_changes);
    if (!last) changes.resize(static_cast<std::size_t>(max_changes));
    const std::uint64_t reached = last ? ctx.store.generation() : changes.back().generation;

    const Shape shape = parse_shape(xml_in::child(ctx.request, "ItemShape"));
    auto m = xml_out::message(messages, "SyncFolderItems");
    xml_out::add_text(m, "m:SyncState", encode_sync_state({folder.num, ctx.store.sync_epoch(), reached}));
    xml_out::add_text(m, "m:IncludesLastItemInRange", last ? "true" : "false");
    auto list = xml_out::add(m, "m:Changes");
    for (const Change& c : changes) {
        if (c.kind == Change::Kind::Delete) {
            auto id = xml_out::add(xml_out::add(list, "t:Delete"), "t:ItemId");
            id.append_attribute("Id") = item_id(c.deleted_item).c_str();
            id.append_attribute("ChangeKey") = change_key(c.deleted_change).c_str();
            continue;
        }
        auto entry = xml_out::add(list, c.kind == Change::Kind::Create ? "t:Create" : "t:Update");
        pugi::xml_document all;
        auto props = all.append_child("t:CalendarItem");
        collect_properties(ctx.store, *c.item, 0, 0, props);
        render(entry, props, shape);
    }
}

}  // namespace calbridge::ews_standin
