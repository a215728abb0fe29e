#include "converters/pst/folder_walker.h"

#include <cstdio>
#include <optional>

#include "converters/mapi/blob_reader.h"
#include "converters/mapi/property_tags.h"
#include "converters/pst/libpff_handles.h"

namespace calbridge::pst::detail {
namespace {

// Folder trees deeper than this are treated as damaged (a loop, or a hostile file).
constexpr int kMaxFolderDepth = 64;
constexpr std::uint16_t kIpmSubtreeEntryId = 0x35E0;  // PidTagIpmSubtreeEntryId: "IPM clients should not display folders outside it"

std::string hex(std::uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%x", static_cast<unsigned>(v));
    return buf;
}

// The node id inside a PST EntryID (MS-PST "EntryID": rgbFlags[4], uid[16], nid[4]).
std::uint32_t entry_id_nid(const mapi::Bytes& entry_id) {
    mapi::BlobReader r(entry_id, "PidTagIpmSubtreeEntryId");
    r.skip(4, "rgbFlags");
    r.skip(16, "uid");
    return r.u32("nid");
}

// The IPM subtree named by the message store's PidTagIpmSubtreeEntryId; nullptr when the
// store has none (Outlook.com and Exchange OSTs: the store names it on the server only).
// Throws LibpffError or BlobError when the store or the folder cannot be read.
ItemPtr ipm_subtree_from_store(libpff_file_t* file, PropertyReader& properties) {
    ErrorSlot err;
    libpff_item_t* store_raw = nullptr;
    if (check(libpff_file_get_message_store(file, &store_raw, err.out()), err, "opening the message store") != 1)
        return nullptr;
    ItemPtr store(store_raw);
    libpff_record_set_t* set_raw = nullptr;
    check(libpff_item_get_record_set_by_index(store_raw, 0, &set_raw, err.out()), err, "reading the message store");
    RecordSetPtr set(set_raw);
    auto entry_id = properties.read_binary(set_raw, kIpmSubtreeEntryId);
    if (!entry_id) return nullptr;
    std::uint32_t nid = entry_id_nid(*entry_id);
    libpff_item_t* folder = nullptr;
    if (check(libpff_file_get_item_by_identifier(file, nid, &folder, err.out()), err, "opening the IPM subtree") != 1)
        throw LibpffError("opening the IPM subtree", "folder " + hex(nid) + " not found");
    return ItemPtr(folder);
}

std::string folder_name(libpff_item_t* folder);

// The sub-folder of parent with the given name, or nullptr.
ItemPtr sub_folder_named(libpff_item_t* parent, std::string_view name) {
    ErrorSlot err;
    int count = 0;
    check(libpff_folder_get_number_of_sub_folders(parent, &count, err.out()), err, "listing sub-folders");
    for (int index = 0; index < count; ++index) {
        libpff_item_t* raw = nullptr;
        check(libpff_folder_get_sub_folder(parent, index, &raw, err.out()), err, "opening a sub-folder");
        ItemPtr folder(raw);
        if (folder_name(raw) == name) return folder;
    }
    return nullptr;
}

// Exchange mailboxes (and so OSTs) keep the IPM subtree in a folder named "IPM_SUBTREE" below
// the mailbox root ("Root - Mailbox"); "Root - Public" holds public folders, not the user's.
ItemPtr ipm_subtree_by_name(libpff_file_t* file) {
    ErrorSlot err;
    libpff_item_t* root_raw = nullptr;
    if (check(libpff_file_get_root_folder(file, &root_raw, err.out()), err, "opening the root folder") != 1)
        return nullptr;
    ItemPtr root(root_raw);
    if (auto direct = sub_folder_named(root_raw, "IPM_SUBTREE")) return direct;
    if (auto mailbox = sub_folder_named(root_raw, "Root - Mailbox")) return sub_folder_named(mailbox.get(), "IPM_SUBTREE");
    return nullptr;
}

// The folder whose sub-tree a user sees, or nullptr (with a problem) to walk from the root.
ItemPtr ipm_subtree(libpff_file_t* file, PropertyReader& properties, std::vector<ReadProblem>& problems) {
    try {
        if (auto folder = ipm_subtree_from_store(file, properties)) return folder;
        if (auto folder = ipm_subtree_by_name(file)) return folder;
        problems.push_back({"message store", "no IPM subtree found; folders listed from the root folder"});
    } catch (const std::exception& e) {  // LibpffError or BlobError
        problems.push_back({"message store", std::string(e.what()) + "; folders listed from the root folder"});
    }
    return nullptr;
}

std::string folder_name(libpff_item_t* folder) {
    ErrorSlot err;
    std::size_t size = 0;
    if (check(libpff_folder_get_utf8_name_size(folder, &size, err.out()), err, "reading the folder name") != 1 ||
        size == 0)
        return {};
    std::string name(size, '\0');
    check(libpff_folder_get_utf8_name(folder, reinterpret_cast<std::uint8_t*>(name.data()), size, err.out()), err,
          "reading the folder name");
    while (!name.empty() && name.back() == '\0') name.pop_back();
    return name;
}

// The node ids of a folder's items in contents-table order, read the way for_each_item()
// would open them (libpff_folder_get_sub_message). Empty when any of them cannot be read:
// for_each_item() then reads the table itself and reports each failure where it happens.
std::vector<std::uint32_t> contents_table_ids(libpff_item_t* folder, int count) {
    std::vector<std::uint32_t> ids;
    ids.reserve(static_cast<std::size_t>(count));
    ErrorSlot err;
    for (int index = 0; index < count; ++index) {
        libpff_item_t* raw = nullptr;
        if (libpff_folder_get_sub_message(folder, index, &raw, err.out()) != 1) return {};
        ItemPtr item(raw);
        std::uint32_t id = 0;
        if (libpff_item_get_identifier(raw, &id, err.out()) != 1) return {};
        ids.push_back(id);
    }
    return ids;
}

class Walker {
public:
    Walker(PropertyReader& properties, std::vector<ReadProblem>& problems, FolderSelection selection)
        : properties_(properties), problems_(problems), selection_(selection) {}

    void walk(libpff_item_t* parent, const std::string& parent_path, int depth) {
        ErrorSlot err;
        int count = 0;
        try {
            check(libpff_folder_get_number_of_sub_folders(parent, &count, err.out()), err, "listing sub-folders");
        } catch (const LibpffError& e) {
            problems_.push_back({parent_path.empty() ? "(top folder)" : parent_path, e.what()});
            return;
        }
        for (int index = 0; index < count; ++index) {
            libpff_item_t* raw = nullptr;
            try {
                check(libpff_folder_get_sub_folder(parent, index, &raw, err.out()), err, "opening a sub-folder");
            } catch (const LibpffError& e) {
                problems_.push_back({child_path(parent_path, "sub-folder #" + std::to_string(index + 1)), e.what()});
                continue;
            }
            ItemPtr folder(raw);
            CalendarFolder info = describe(raw, parent_path);
            bool listed = selection_ == FolderSelection::All || is_calendar_container_class(info.container_class);
            count_items(raw, info, listed);
            std::string path = info.path;
            if (listed) folders_.push_back(std::move(info));
            if (depth + 1 >= kMaxFolderDepth) {
                problems_.push_back({path, "folders nested deeper than " + std::to_string(kMaxFolderDepth) +
                                               " levels: sub-folders not listed"});
                continue;
            }
            walk(raw, path, depth + 1);
        }
    }

    std::vector<CalendarFolder> take() { return std::move(folders_); }

private:
    static std::string child_path(const std::string& parent, const std::string& name) {
        return parent.empty() ? name : parent + "/" + name;
    }

    CalendarFolder describe(libpff_item_t* folder, const std::string& parent_path) {
        ErrorSlot err;
        CalendarFolder info;
        try {
            check(libpff_item_get_identifier(folder, &info.identifier, err.out()), err, "reading the folder id");
        } catch (const LibpffError& e) {
            problems_.push_back({child_path(parent_path, "(unknown folder)"), e.what()});
        }
        try {
            info.display_name = folder_name(folder);
        } catch (const LibpffError& e) {
            problems_.push_back({child_path(parent_path, "folder " + hex(info.identifier)), e.what()});
        }
        if (info.display_name.empty()) info.display_name = "folder " + hex(info.identifier);
        info.path = child_path(parent_path, info.display_name);
        try {
            libpff_record_set_t* set_raw = nullptr;
            check(libpff_item_get_record_set_by_index(folder, 0, &set_raw, err.out()), err,
                  "reading the folder properties");
            RecordSetPtr set(set_raw);
            info.container_class = properties_.read_string(set_raw, mapi::tag::ContainerClass).value_or("");
        } catch (const LibpffError& e) {
            problems_.push_back({info.path, std::string("container class: ") + e.what()});
        }
        return info;
    }

    // The folder's item count (its contents table's rows); for a listed calendar folder also
    // the item ids, which for_each_item() then uses instead of reading the table again.
    void count_items(libpff_item_t* folder, CalendarFolder& info, bool listed) {
        ErrorSlot err;
        try {
            check(libpff_folder_get_number_of_sub_messages(folder, &info.item_count, err.out()), err,
                  "counting the items");
        } catch (const LibpffError& e) {
            problems_.push_back({info.path, e.what()});
            return;
        }
        if (listed && selection_ == FolderSelection::Calendars) info.item_ids = contents_table_ids(folder, info.item_count);
    }

    PropertyReader& properties_;
    std::vector<ReadProblem>& problems_;
    FolderSelection selection_;
    std::vector<CalendarFolder> folders_;
};

}  // namespace

std::vector<CalendarFolder> list_folders(libpff_file_t* file, PropertyReader& properties,
                                         std::vector<ReadProblem>& problems, FolderSelection selection) {
    ItemPtr top = ipm_subtree(file, properties, problems);
    if (!top) {
        ErrorSlot err;
        libpff_item_t* root = nullptr;
        try {
            if (check(libpff_file_get_root_folder(file, &root, err.out()), err, "opening the root folder") != 1) {
                problems.push_back({"root folder", "not found"});
                return {};
            }
        } catch (const LibpffError& e) {
            problems.push_back({"root folder", e.what()});
            return {};
        }
        top.reset(root);
    }
    Walker walker(properties, problems, selection);
    walker.walk(top.get(), "", 0);
    return walker.take();
}

}  // namespace calbridge::pst::detail
