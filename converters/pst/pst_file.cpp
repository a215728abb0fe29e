#include "converters/pst/pst_file.h"

#include <algorithm>

#include <cstdio>
#include <filesystem>

#include "converters/pst/folder_walker.h"
#include "converters/pst/libpff_handles.h"
#include "converters/pst/message_reader.h"
#include "converters/pst/property_reader.h"

namespace calbridge::pst {

const char* to_string(FileKind k) {
    switch (k) {
        case FileKind::PstAnsi: return "PST (ANSI)";
        case FileKind::PstUnicode: return "PST (Unicode)";
        case FileKind::Ost: return "OST";
        case FileKind::Ost4k: return "OST (4k pages)";
    }
    return "unknown";
}

bool is_calendar_container_class(std::string_view container_class) {
    constexpr std::string_view base = "IPF.Appointment";
    if (container_class.size() < base.size()) return false;
    for (std::size_t i = 0; i < base.size(); ++i) {
        char c = container_class[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        char b = base[i];
        if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
        if (c != b) return false;
    }
    return container_class.size() == base.size() || container_class[base.size()] == '.';
}

namespace {

using namespace detail;

std::string hex(std::uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%x", static_cast<unsigned>(v));
    return buf;
}

class LibpffPstFile final : public PstFile {
public:
    LibpffPstFile(std::string path, FilePtr file, FileKind kind, int codepage)
        : path_(std::move(path)), file_(std::move(file)), kind_(kind), properties_(codepage), messages_(properties_) {}

    FileKind kind() const override { return kind_; }
    const std::string& path() const override { return path_; }

    std::vector<CalendarFolder> all_folders(std::vector<ReadProblem>& problems) override {
        return list_folders(file_.get(), properties_, problems);
    }

    std::vector<CalendarFolder> calendar_folders(std::vector<ReadProblem>& problems) override {
        return list_folders(file_.get(), properties_, problems, FolderSelection::Calendars);
    }

    void for_each_item(const CalendarFolder& folder, const std::function<bool(mapi::Message&&)>& on_item,
                       std::vector<ReadProblem>& problems, ItemRange range) override {
        // The open folder is kept between calls: libpff reads a folder's whole contents table
        // when it is asked for the items by position (libpff_folder_determine_sub_messages), so
        // a caller reading a folder in ranges must not pay that once per range. With the item
        // ids calendar_folders() read from that table, the table is not read here at all.
        bool by_id = !folder.item_ids.empty();
        if (!open_folder_ || open_folder_->identifier != folder.identifier || open_folder_->by_id != by_id) {
            open_folder_.reset();
            ErrorSlot err;
            OpenFolder opened;
            opened.identifier = folder.identifier;
            opened.by_id = by_id;
            try {
                libpff_item_t* raw = nullptr;
                if (check(libpff_file_get_item_by_identifier(file_.get(), folder.identifier, &raw, err.out()), err,
                          "opening the folder") != 1) {
                    problems.push_back({folder.path, "folder " + hex(folder.identifier) + " not found"});
                    return;
                }
                opened.container.reset(raw);
                if (!by_id)
                    check(libpff_folder_get_number_of_sub_messages(raw, &opened.count, err.out()), err,
                          "listing the items");
            } catch (const LibpffError& e) {
                problems.push_back({folder.path, e.what()});
                return;
            }
            open_folder_ = std::move(opened);
        }
        libpff_item_t* container = open_folder_->container.get();
        int count = by_id ? static_cast<int>(folder.item_ids.size()) : open_folder_->count;
        int first = std::clamp(range.first, 0, count);
        int last = range.count < 0 ? count : std::min(count, first + range.count);
        for (int index = first; index < last; ++index) {
            std::optional<mapi::Message> message =
                read_item(container, folder.path, index, by_id ? &folder.item_ids[static_cast<std::size_t>(index)] : nullptr,
                          problems);
            // The item's libpff handles are freed by now: only the Message is alive.
            if (message && !on_item(std::move(*message))) return;
        }
    }

private:
    struct OpenFolder {
        std::uint32_t identifier = 0;
        bool by_id = false;
        ItemPtr container;
        int count = 0;
    };

    // The item at index of the folder's contents table; known_id is its node id when the
    // caller has it (CalendarFolder::item_ids), so that the table need not be read.
    std::optional<mapi::Message> read_item(libpff_item_t* container, const std::string& folder_path, int index,
                                           const std::uint32_t* known_id, std::vector<ReadProblem>& problems) {
        ErrorSlot err;
        std::string where = folder_path + ", item #" + std::to_string(index + 1);
        try {
            libpff_item_t* raw = nullptr;
            if (known_id) {
                // What libpff_folder_get_sub_message does once it has the id from the table row.
                if (check(libpff_item_get_sub_item_by_identifier(container, *known_id, &raw, err.out()), err,
                          "opening the item") != 1)
                    throw LibpffError("opening the item", "unable to retrieve sub message tree node");
            } else {
                check(libpff_folder_get_sub_message(container, index, &raw, err.out()), err, "opening the item");
            }
            ItemPtr item(raw);
            std::uint32_t id = 0;
            check(libpff_item_get_identifier(raw, &id, err.out()), err, "reading the item id");
            where = folder_path + ", item " + hex(id);
            return messages_.read(raw, where, problems);
        } catch (const std::exception& e) {  // LibpffError; bad_alloc on absurd sizes in a damaged file
            problems.push_back({where, e.what()});
            return std::nullopt;
        }
    }

    std::string path_;
    FilePtr file_;
    FileKind kind_;
    PropertyReader properties_;
    MessageReader messages_;
    // Declared after file_, so destroyed before it: the folder item is freed while the
    // libpff file is still open.
    std::optional<OpenFolder> open_folder_;
};

FileKind kind_of(libpff_file_t* file, const std::string& path) {
    ErrorSlot err;
    std::uint8_t content = 0;
    std::uint8_t type = 0;
    try {
        check(libpff_file_get_content_type(file, &content, err.out()), err, "reading the file header");
        check(libpff_file_get_type(file, &type, err.out()), err, "reading the file header");
    } catch (const LibpffError& e) {
        throw PstOpenError(path + ": " + e.what());
    }
    if (content == LIBPFF_FILE_CONTENT_TYPE_OST)
        return type == LIBPFF_FILE_TYPE_64BIT_4K_PAGE ? FileKind::Ost4k : FileKind::Ost;
    return type == LIBPFF_FILE_TYPE_32BIT ? FileKind::PstAnsi : FileKind::PstUnicode;
}

}  // namespace

std::unique_ptr<PstFile> PstFile::open(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    auto status = fs::status(path, ec);
    if (!fs::exists(status)) throw PstOpenError(path + ": cannot open: no such file");
    if (fs::is_directory(status)) throw PstOpenError(path + ": cannot open: is a directory");
    auto size = fs::file_size(path, ec);
    std::string size_text = ec ? std::string("unknown size") : std::to_string(size) + " bytes";
    if (!ec && size < 4) throw PstOpenError(path + ": not an Outlook PST/OST file (" + size_text + ")");

    ErrorSlot err;
    int signature = libpff_check_file_signature(path.c_str(), err.out());
    if (signature == -1) throw PstOpenError(path + ": cannot open: " + err.message());
    if (signature == 0) throw PstOpenError(path + ": not an Outlook PST/OST file (bad signature)");

    libpff_file_t* raw = nullptr;
    if (libpff_file_initialize(&raw, err.out()) != 1)
        throw PstOpenError(path + ": cannot open: " + err.message());
    FilePtr file(raw);
    if (libpff_file_open(raw, path.c_str(), LIBPFF_OPEN_READ, err.out()) != 1)
        throw PstOpenError(path + ": damaged or truncated Outlook PST/OST file (" + err.message() + "; file is " +
                           size_text + ")");

    FileKind kind = kind_of(raw, path);
    int codepage = 1252;
    if (libpff_file_get_ascii_codepage(raw, &codepage, err.out()) != 1) codepage = 1252;
    err.reset();

    // libpff opens a file whose index lies past a truncation without complaint; nothing
    // could be read from it, so say so now.
    libpff_item_t* root = nullptr;
    int found = libpff_file_get_root_folder(raw, &root, err.out());
    ItemPtr root_guard(root);
    if (found != 1)
        throw PstOpenError(path + ": damaged or truncated: the root folder cannot be read (" +
                           (found == 0 ? std::string("not in the index") : err.message()) + "; file is " +
                           size_text + ")");

    return std::make_unique<LibpffPstFile>(path, std::move(file), kind, codepage);
}

}  // namespace calbridge::pst
