#pragma once
// The stand-in's mailboxes: folders and calendar items of every user, behind one mutex that
// each EWS request holds for its whole duration (requests are serialised, as one mailbox
// database would order them). Items keep their properties as the EWS elements the client sent
// (t:Subject, t:Start ... as pugixml nodes, datetimes normalised to UTC), so every property a
// client sets comes back byte-for-byte in types.xsd order.
#include <pugixml.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace calbridge::ews_standin {

struct Folder {
    std::int64_t num = 0;
    std::string owner;          // e-mail address of the mailbox
    std::string distinguished;  // "root", "msgfolderroot", "calendar", "inbox" ... or ""
    std::string display_name;
    std::string folder_class;   // "IPF.Appointment" for calendars, "" for root folders
    std::int64_t parent = 0;    // 0 for the root
    std::uint64_t change = 0;   // ChangeKey counter
    std::int64_t committed_at = 0;  // unix seconds of the latest change to its items (PidTagLocalCommitTimeMax)
    std::set<std::string> readers;  // other users granted read-only access (a shared calendar)
    bool read_only = false;         // fault injection: every write answers ErrorAccessDenied
    bool is_calendar() const { return folder_class == "IPF.Appointment"; }
};

// An occurrence changed on its own (an exception, MS-OXOCAL 2.2.1.44.2): the properties it
// overrides, as elements.
struct ExceptionItem {
    std::uint64_t change = 0;
    pugi::xml_document props;  // root t:CalendarItem
};

// A file attachment (MS-OXWSATT FileAttachmentType); content kept as the base64 the client sent.
struct Attachment {
    int num = 0;
    std::string name, content_type, content_id;
    std::string content_base64;
    std::size_t size = 0;  // decoded bytes
    bool is_inline = false;
    std::int64_t modified_at = 0;
};

struct Item {
    std::int64_t num = 0;
    std::int64_t folder = 0;
    std::uint64_t change = 0;        // ChangeKey counter, new on every change
    std::uint64_t created_gen = 0;   // sync generation of the creation
    std::uint64_t modified_gen = 0;  // sync generation of the latest change
    std::int64_t created_at = 0, modified_at = 0;  // unix seconds
    pugi::xml_document props;        // root t:CalendarItem, the stored properties
    std::map<int, std::unique_ptr<ExceptionItem>> exceptions;  // by InstanceIndex
    std::set<int> deleted;                                     // deleted InstanceIndexes
    std::vector<Attachment> attachments;
    int next_attachment = 1;
    // For ConflictResolution AutoResolve: the ChangeKey counter at which each property (element
    // name, or "ext:" + extended_key) last changed, and of the last change made outside EWS
    // (touch_item: a colleague's edit, taken as touching every property).
    std::map<std::string, std::uint64_t> field_changed;
    std::uint64_t all_changed = 0;
};

struct Tombstone {
    std::int64_t item = 0;
    std::int64_t folder = 0;
    std::uint64_t created_gen = 0, deleted_gen = 0;
    std::uint64_t change = 0;  // the item's last ChangeKey counter
};

class MailboxStore {
public:
    std::mutex mutex;  // held by each request

    // Creates the user's folders: root, msgfolderroot, calendar "Calendar" with a sub-calendar
    // "Team", and the other well-known folders (inbox, contacts, sentitems, drafts,
    // deleteditems, junkemail, outbox, tasks), empty. Returns false if the user exists.
    bool add_user(const std::string& email, const std::string& password);
    std::optional<std::string> password_of(const std::string& email) const;

    Folder* folder(std::int64_t num);
    Folder* distinguished(const std::string& owner, const std::string& id);
    std::vector<Folder*> children(std::int64_t parent, bool deep);
    Folder& add_folder(const std::string& owner, std::int64_t parent, std::string display_name, std::string folder_class,
                       std::string distinguished = {});
    bool can_read(const Folder& f, const std::string& user) const;
    // can_read, or the root folders of a mailbox that shares a folder with the user: Exchange
    // answers GetFolder on them (clients such as exchangelib resolve the root first) while
    // their items stay private ("FolderVisible" without "ReadItems", MS-OXCPERM 2.2.7).
    bool can_see(const Folder& f, const std::string& user) const;
    bool can_write(const Folder& f, const std::string& user) const;

    Item& add_item(std::int64_t folder);
    Item* item(std::int64_t num);
    std::vector<Item*> items_in(std::int64_t folder);
    void touch(Item& item);  // new ChangeKey and sync generation
    void remove(std::int64_t num);
    const std::vector<Tombstone>& tombstones() const { return tombstones_; }

    std::uint64_t next_change() { return ++change_counter_; }
    std::uint64_t generation() const { return generation_; }
    std::uint64_t sync_epoch() const { return sync_epoch_; }
    void invalidate_sync_states() { ++sync_epoch_; }
    void clear();  // every folder, item and user gone

private:
    std::map<std::string, std::string> passwords_;
    std::map<std::int64_t, Folder> folders_;
    std::map<std::int64_t, std::unique_ptr<Item>> items_;
    std::vector<Tombstone> tombstones_;
    std::int64_t next_folder_ = 1, next_item_ = 1;
    std::uint64_t change_counter_ = 0, generation_ = 0, sync_epoch_ = 1;
};

}  // namespace calbridge::ews_standin
