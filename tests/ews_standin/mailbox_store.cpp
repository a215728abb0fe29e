#include "ews_standin/mailbox_store.h"

#include <chrono>

namespace calbridge::ews_standin {

namespace {
std::int64_t now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}
}  // namespace

bool MailboxStore::add_user(const std::string& email, const std::string& password) {
    if (!passwords_.emplace(email, password).second) return false;
    Folder& root = add_folder(email, 0, "", "", "root");
    Folder& top = add_folder(email, root.num, "Top of Information Store", "IPF.Note", "msgfolderroot");
    Folder& calendar = add_folder(email, top.num, "Calendar", "IPF.Appointment", "calendar");
    add_folder(email, calendar.num, "Team", "IPF.Appointment");
    // The other well-known folders every Exchange mailbox has (DistinguishedFolderIdNameType),
    // empty: clients such as DavMail resolve them all when they log in.
    add_folder(email, top.num, "Inbox", "IPF.Note", "inbox");
    add_folder(email, top.num, "Contacts", "IPF.Contact", "contacts");
    add_folder(email, top.num, "Sent Items", "IPF.Note", "sentitems");
    add_folder(email, top.num, "Drafts", "IPF.Note", "drafts");
    add_folder(email, top.num, "Deleted Items", "IPF.Note", "deleteditems");
    add_folder(email, top.num, "Junk Email", "IPF.Note", "junkemail");
    add_folder(email, top.num, "Outbox", "IPF.Note", "outbox");
    add_folder(email, top.num, "Tasks", "IPF.Task", "tasks");
    return true;
}

std::optional<std::string> MailboxStore::password_of(const std::string& email) const {
    auto it = passwords_.find(email);
    if (it == passwords_.end()) return std::nullopt;
    return it->second;
}

Folder& MailboxStore::add_folder(const std::string& owner, std::int64_t parent, std::string display_name,
                                 std::string folder_class, std::string distinguished) {
    Folder f;
    f.num = next_folder_++;
    f.owner = owner;
    f.parent = parent;
    f.display_name = std::move(display_name);
    f.folder_class = std::move(folder_class);
    f.distinguished = std::move(distinguished);
    f.change = next_change();
    f.committed_at = now();
    return folders_.emplace(f.num, std::move(f)).first->second;
}

Folder* MailboxStore::folder(std::int64_t num) {
    auto it = folders_.find(num);
    return it == folders_.end() ? nullptr : &it->second;
}

Folder* MailboxStore::distinguished(const std::string& owner, const std::string& id) {
    for (auto& [num, f] : folders_)
        if (f.owner == owner && f.distinguished == id) return &f;
    return nullptr;
}

std::vector<Folder*> MailboxStore::children(std::int64_t parent, bool deep) {
    std::vector<Folder*> out;
    for (auto& [num, f] : folders_) {
        if (f.parent != parent) continue;
        out.push_back(&f);
        if (deep)
            for (Folder* c : children(f.num, true)) out.push_back(c);
    }
    return out;
}

bool MailboxStore::can_read(const Folder& f, const std::string& user) const {
    return f.owner == user || f.readers.count(user) > 0;
}

bool MailboxStore::can_see(const Folder& f, const std::string& user) const {
    if (can_read(f, user)) return true;
    if (f.distinguished != "root" && f.distinguished != "msgfolderroot") return false;
    for (const auto& [num, other] : folders_)
        if (other.owner == f.owner && other.readers.count(user)) return true;
    return false;
}

bool MailboxStore::can_write(const Folder& f, const std::string& user) const { return f.owner == user && !f.read_only; }

Item& MailboxStore::add_item(std::int64_t folder) {
    auto item = std::make_unique<Item>();
    item->num = next_item_++;
    item->folder = folder;
    item->change = next_change();
    item->created_gen = item->modified_gen = ++generation_;
    item->created_at = item->modified_at = now();
    item->props.append_child("t:CalendarItem");
    if (Folder* f = this->folder(folder)) f->committed_at = item->created_at;
    return *items_.emplace(item->num, std::move(item)).first->second;
}

Item* MailboxStore::item(std::int64_t num) {
    auto it = items_.find(num);
    return it == items_.end() ? nullptr : it->second.get();
}

std::vector<Item*> MailboxStore::items_in(std::int64_t folder) {
    std::vector<Item*> out;
    for (auto& [num, i] : items_)
        if (i->folder == folder) out.push_back(i.get());
    return out;
}

void MailboxStore::touch(Item& item) {
    item.change = next_change();
    item.modified_gen = ++generation_;
    item.modified_at = now();
    if (Folder* f = folder(item.folder)) f->committed_at = item.modified_at;
}

void MailboxStore::remove(std::int64_t num) {
    auto it = items_.find(num);
    if (it == items_.end()) return;
    tombstones_.push_back({num, it->second->folder, it->second->created_gen, ++generation_, it->second->change});
    if (Folder* f = folder(it->second->folder)) f->committed_at = now();
    items_.erase(it);
}

void MailboxStore::clear() {
    passwords_.clear();
    folders_.clear();
    items_.clear();
    tombstones_.clear();
    ++sync_epoch_;
}

}  // namespace calbridge::ews_standin
