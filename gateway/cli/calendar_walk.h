#pragma once
// Walks the calendar folders of a PST/OST and reads each item as an Appointment, collecting
// the counts a summary needs. Shared by `info --json` and `export` (and later `import`).
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "converters/mapi/appointment/appointment.h"
#include "converters/pst/pst_file.h"

namespace calbridge::cli {

struct WalkStats {
    std::size_t converted = 0;        // items turned into appointments
    std::size_t warnings = 0;         // warnings raised while converting them
    std::size_t unreadable = 0;       // items or folders libpff could not read, items that are no event
    std::size_t not_appointments = 0; // other item classes found in calendar folders (skipped)
    bool partial() const { return unreadable > 0; }
};

// What reading one item gave.
enum class ItemStatus { Appointment, NotAppointment, Unreadable };
struct ItemOutcome {
    ItemStatus status = ItemStatus::Unreadable;
    std::optional<mapi::Appointment> appointment;
    std::string message;  // the message class (NotAppointment) or the error (Unreadable)
};

// Reads one message as an appointment (IPM.Appointment and sub-classes). Warnings go to diag.
ItemOutcome read_item(const mapi::Message& message, mapi::AppointmentReader& reader, mapi::Diagnostics& diag);

// Called for every appointment; returns false when the appointment could not be used (it is
// then counted as unreadable by the sink, not as converted). Warnings the sink adds to diag
// are logged and counted after it returns. Exceptions it throws end the walk.
using AppointmentSink = std::function<bool(const pst::CalendarFolder&, const mapi::Appointment&, mapi::Diagnostics&)>;
// Called after each item (read or not), for progress.
using ItemTick = std::function<void(const pst::CalendarFolder&)>;

// Selects folders by exact path (case-insensitive); all when `wanted` is empty. Unknown names
// are returned in `unknown`.
std::vector<pst::CalendarFolder> select_folders(const std::vector<pst::CalendarFolder>& all,
                                                const std::vector<std::string>& wanted,
                                                std::vector<std::string>& unknown);

// Reads every item of `folder`. Conversion warnings and read problems are logged (warn/error)
// with the item's origin, and counted in `stats`.
void walk_folder(pst::PstFile& file, const pst::CalendarFolder& folder, mapi::AppointmentReader& reader,
                 const AppointmentSink& sink, const ItemTick& tick, WalkStats& stats);

// Logs folder-level problems from calendar_folders() and counts them as unreadable.
void report_problems(const std::vector<pst::ReadProblem>& problems, WalkStats& stats);

// An opened input and its calendar folders (problems already logged and counted in stats);
// `file` is null when the input cannot be opened (the error is logged: exit kExitCannotOpen).
struct OpenedInput {
    std::unique_ptr<pst::PstFile> file;
    std::vector<pst::CalendarFolder> calendars;
};
OpenedInput open_input(const std::string& path, WalkStats& stats);

}  // namespace calbridge::cli
