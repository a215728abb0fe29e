#pragma once
// Lists the folders a user sees: the tree below the message store's IPM subtree
// (PidTagIpmSubtreeEntryId of the message store, MS-PST 2.4.3), depth first in file
// order, with paths relative to it ("Calendar/Birthdays"). When the store does not name
// its IPM subtree, the walk starts at the root folder and a ReadProblem says so.
#include <libpff.h>

#include <string_view>
#include <vector>

#include "converters/pst/property_reader.h"
#include "converters/pst/pst_file.h"

namespace calbridge::pst::detail {

// Which folders list_folders() returns.
enum class FolderSelection {
    All,        // every folder, each with its item count
    Calendars,  // calendar folders only (is_calendar_container_class), each with its item count
                // and item ids. Other folders are still counted, only so that a damaged
                // contents table is reported as before (skipping that would save ~7 M
                // instructions on the fixture, but a damaged non-calendar folder would no
                // longer make an export "partial").
};

std::vector<CalendarFolder> list_folders(libpff_file_t* file, PropertyReader& properties,
                                         std::vector<ReadProblem>& problems,
                                         FolderSelection selection = FolderSelection::All);

}  // namespace calbridge::pst::detail
