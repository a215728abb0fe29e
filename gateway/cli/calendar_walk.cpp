#include "gateway/cli/calendar_walk.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <optional>

#include "converters/mapi/property_tags.h"

namespace calbridge::cli {

namespace {
bool iequals(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// Appointments and their meeting forms (MS-OXOCAL 2.2.1: IPM.Appointment and sub-classes;
// IPM.OLE.CLASS.{00061055-...} is an exception's class inside the series).
bool is_appointment_class(const std::string& cls) {
    std::string lower(cls.size(), '\0');
    std::transform(cls.begin(), cls.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower.empty() || lower == "ipm.appointment" || lower.rfind("ipm.appointment.", 0) == 0;
}
}  // namespace

std::vector<pst::CalendarFolder> select_folders(const std::vector<pst::CalendarFolder>& all,
                                                const std::vector<std::string>& wanted,
                                                std::vector<std::string>& unknown) {
    if (wanted.empty()) return all;
    std::vector<pst::CalendarFolder> out;
    for (const std::string& w : wanted) {
        auto it = std::find_if(all.begin(), all.end(), [&](const pst::CalendarFolder& f) { return iequals(f.path, w); });
        if (it == all.end())
            unknown.push_back(w);
        else
            out.push_back(*it);
    }
    return out;
}

OpenedInput open_input(const std::string& path, WalkStats& stats) {
    OpenedInput in;
    try {
        in.file = pst::PstFile::open(path);
    } catch (const pst::PstOpenError& e) {
        spdlog::error("{}", e.what());
        return in;
    }
    std::vector<pst::ReadProblem> problems;
    in.calendars = in.file->calendar_folders(problems);
    report_problems(problems, stats);
    return in;
}

void report_problems(const std::vector<pst::ReadProblem>& problems, WalkStats& stats) {
    for (const pst::ReadProblem& p : problems) {
        spdlog::error("{}: {}", p.where, p.message);
        ++stats.unreadable;
    }
}

ItemOutcome read_item(const mapi::Message& message, mapi::AppointmentReader& reader, mapi::Diagnostics& diag) {
    ItemOutcome out;
    std::string cls = message.props.string(mapi::tag::MessageClass).value_or("");
    if (!is_appointment_class(cls)) {
        out.status = ItemStatus::NotAppointment;
        out.message = cls;
        return out;
    }
    try {
        out.appointment = reader.read(message, diag);
        out.status = ItemStatus::Appointment;
    } catch (const std::exception& e) {  // ItemError: the item is no event
        out.message = e.what();
    }
    return out;
}

void walk_folder(pst::PstFile& file, const pst::CalendarFolder& folder, mapi::AppointmentReader& reader,
                 const AppointmentSink& sink, const ItemTick& tick, WalkStats& stats) {
    std::vector<pst::ReadProblem> problems;
    file.for_each_item(
        folder,
        [&](mapi::Message&& message) {
            mapi::Diagnostics diag(message.origin);
            ItemOutcome outcome = read_item(message, reader, diag);
            if (outcome.status == ItemStatus::NotAppointment) {
                spdlog::info("{}: item of class {} is not an appointment; skipped", message.origin, outcome.message);
                ++stats.not_appointments;
            } else if (outcome.status == ItemStatus::Unreadable) {
                spdlog::error("{}: not exported: {}", message.origin, outcome.message);
                ++stats.unreadable;
            } else if (sink(folder, *outcome.appointment, diag)) {
                // The sink's own exceptions (e.g. the output cannot be written) end the walk.
                ++stats.converted;
            }
            for (const mapi::Diagnostic& d : diag.items()) spdlog::warn("{}: {}", d.origin, d.message);
            stats.warnings += diag.items().size();
            tick(folder);
            return true;
        },
        problems);
    for (const pst::ReadProblem& p : problems) {
        spdlog::error("{}: {}", p.where, p.message);
        ++stats.unreadable;
        tick(folder);
    }
}

}  // namespace calbridge::cli
