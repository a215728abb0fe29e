#pragma once
// Converts the items of calendar folders to iCalendar on several threads, each reading the
// file through its own libpff handle (a libpff handle is not shared between threads), and
// hands the results to the calling thread in file order, so the output is the same whatever
// the thread count. At most a few chunks of items are in flight: memory stays flat.
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "converters/mapi/appointment/appointment_to_ical.h"
#include "converters/pst/pst_file.h"
#include "gateway/cli/calendar_walk.h"

namespace calbridge::cli {

// One item, converted (or not) on a worker thread.
struct ConvertedItem {
    std::string origin;
    ItemStatus status = ItemStatus::Unreadable;
    std::string message;                     // class or error, as in ItemOutcome
    std::vector<mapi::Diagnostic> warnings;  // conversion warnings, to be logged in order
    std::string uid;
    std::int64_t last_modified_utc = 0;
    std::string ics;                         // serialised VEVENTs (master and overrides)
    std::map<std::string, mapi::ZoneUse> zones;
    bool recurring = false;
    std::size_t overrides = 0;
};

// Logs an item's conversion warnings and counts it in stats. True when it is an appointment to
// write; false (logged, counted) when it is not an appointment or unreadable. `not_done` names
// what did not happen to an unreadable item ("not exported", "not imported").
bool account_for_item(const ConvertedItem& item, WalkStats& stats, std::string_view not_done);

struct ConversionCallbacks {
    std::function<void(std::size_t folder_index, ConvertedItem&&)> on_item;
    std::function<void(std::size_t folder_index, const pst::ReadProblem&)> on_problem;
};

// Items are read in chunks of this many; a chunk is the unit of work of a thread.
constexpr int kItemsPerChunk = 16;

// `file` is used by the first worker, the `spare` handles of the same file by the next ones;
// workers beyond those open `file.path()` again. Callbacks run on the calling thread; an
// exception they throw stops the workers and is rethrown.
void convert_in_parallel(pst::PstFile& file, std::vector<std::unique_ptr<pst::PstFile>> spare,
                         const std::vector<pst::CalendarFolder>& folders, unsigned threads,
                         const ConversionCallbacks& callbacks);

// Opens up to `count` more handles of `path` (fewer if opening fails). Run it on another
// thread while the first handle lists the folders: libpff_file_open reads the file's indexes.
std::vector<std::unique_ptr<pst::PstFile>> open_spare_handles(const std::string& path, unsigned count);

// The thread count `--jobs 0` means: the machine's cores, at most 4.
unsigned default_thread_count();

}  // namespace calbridge::cli
