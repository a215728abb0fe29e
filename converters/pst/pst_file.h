#pragma once
// Reads Outlook PST (ANSI and Unicode) and OST (including 4k pages) files through libpff
// (MS-PST). Yields calendar folders (container class IPF.Appointment and its sub-classes)
// and streams their items as mapi::Message, one at a time: memory does not grow with the file.
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "converters/mapi/property_bag.h"

namespace calbridge::pst {

// The file cannot be opened at all (missing, not a PST/OST, header unreadable).
class PstOpenError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class FileKind { PstAnsi, PstUnicode, Ost, Ost4k };
const char* to_string(FileKind k);

// Calendar folders have container class "IPF.Appointment" or a sub-class of it
// ("IPF.Appointment.Birthday"): PidTagContainerClass values, MS-OXOSFLD. ASCII case is ignored.
bool is_calendar_container_class(std::string_view container_class);

// A folder below the IPM subtree (calendar_folders() returns only calendar ones).
struct CalendarFolder {
    std::string path;             // "Calendar/United States holidays" (below the IPM subtree)
    std::string display_name;     // "United States holidays"
    std::string container_class;  // "IPF.Appointment" or a sub-class
    int item_count = 0;           // items libpff lists in the folder's contents table
    std::uint32_t identifier = 0; // libpff folder identifier (node id)
    // The items' node ids in contents-table order, when calendar_folders() could read them
    // all (then item_ids.size() == item_count). for_each_item() opens items by these ids
    // instead of reading the contents table again (each PstFile, e.g. each thread's, would);
    // when empty it reads the table itself.
    std::vector<std::uint32_t> item_ids;
};

// A run of items of a folder by position in its contents table: [first, first + count).
// count < 0 means "to the end". Lets several readers share a folder's items.
struct ItemRange {
    int first = 0;
    int count = -1;
};

// Something in the file that could not be read; the walk goes on past it.
struct ReadProblem {
    std::string where;    // "Calendar/Holidays, item 0x2044" or a folder path
    std::string message;  // what libpff said, short
};

class PstFile {
public:
    // Throws PstOpenError with a message naming the file and what is wrong.
    static std::unique_ptr<PstFile> open(const std::string& path);
    virtual ~PstFile() = default;

    virtual FileKind kind() const = 0;
    virtual const std::string& path() const = 0;

    // All calendar folders, depth first, in file order. Unreadable sub-trees become problems.
    virtual std::vector<CalendarFolder> calendar_folders(std::vector<ReadProblem>& problems) = 0;

    // Every folder below the IPM subtree, whatever its class, depth first, in file order.
    virtual std::vector<CalendarFolder> all_folders(std::vector<ReadProblem>& problems) = 0;

    // Streams the items of one folder. For each item: its Message (properties with named
    // properties resolved, recipients, attachments with data and embedded messages), or, if
    // libpff cannot read it, a ReadProblem. Returning false from on_item stops the walk.
    // Any folder from all_folders() works. Message::origin is "<folder path>, item 0x<id>".
    // Only one item's libpff handles are open at a time; on_item runs after they are freed.
    virtual void for_each_item(const CalendarFolder& folder,
                               const std::function<bool(mapi::Message&&)>& on_item,
                               std::vector<ReadProblem>& problems, ItemRange range = {}) = 0;
};

}  // namespace calbridge::pst
