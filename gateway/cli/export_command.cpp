#include "gateway/cli/export_command.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>

#include "converters/ical/ics_file_writer.h"
#include "converters/mapi/appointment/appointment_to_ical.h"
#include "gateway/cli/calendar_walk.h"
#include "gateway/cli/exit_codes.h"

namespace calbridge::cli {

namespace fs = std::filesystem;

namespace {

// One output file and the zones its events reference.
struct Output {
    std::unique_ptr<ical::IcsFileWriter> writer;
    std::map<std::string, mapi::ZoneUse> zones;
    std::size_t objects = 0;
};

std::string sanitize_component(const std::string& name) {
    std::string out;
    for (unsigned char c : name) out.push_back(c < 0x20 || std::string_view("\\:*?\"<>|").find(static_cast<char>(c)) != std::string_view::npos ? '_' : static_cast<char>(c));
    if (out.empty() || out == "." || out == "..") out = "_" + out;
    return out;
}

void merge_zones(std::map<std::string, mapi::ZoneUse>& into, const std::map<std::string, mapi::ZoneUse>& from) {
    for (const auto& [tzid, use] : from) {
        auto [it, inserted] = into.emplace(tzid, use);
        if (!inserted) it->second.widen(use);
    }
}

}  // namespace

std::string ics_path_for_folder(const std::string& folder_path) {
    std::string out, part;
    for (std::size_t i = 0; i <= folder_path.size(); ++i) {
        if (i == folder_path.size() || folder_path[i] == '/') {
            if (!out.empty()) out += '/';
            out += sanitize_component(part);
            part.clear();
        } else {
            part += folder_path[i];
        }
    }
    return out + ".ics";
}

int run_export(const ExportOptions& opt) {
    auto started = std::chrono::steady_clock::now();
    std::unique_ptr<pst::PstFile> file;
    try {
        file = pst::PstFile::open(opt.input);
    } catch (const pst::PstOpenError& e) {
        spdlog::error("{}", e.what());
        return kExitCannotOpen;
    }

    WalkStats stats;
    std::vector<pst::ReadProblem> problems;
    std::vector<pst::CalendarFolder> all = file->calendar_folders(problems);
    report_problems(problems, stats);
    std::vector<std::string> unknown;
    std::vector<pst::CalendarFolder> folders = select_folders(all, opt.folders, unknown);
    if (!unknown.empty()) {
        std::string names;
        for (const auto& f : all) names += "\n  " + f.path;
        spdlog::error("no calendar folder {} in {}; calendar folders are:{}", unknown.front(), opt.input,
                      names.empty() ? std::string(" none") : names);
        return kExitUsage;
    }
    if (folders.empty()) {
        std::printf("%s: no calendar folders (%s); nothing exported\n", opt.input.c_str(), pst::to_string(file->kind()));
        return stats.partial() ? kExitPartial : kExitOk;
    }

    std::size_t total = 0;
    for (const auto& f : folders) total += static_cast<std::size_t>(f.item_count);
    ProgressBar bar(total, opt.verbosity != Verbosity::Quiet && stderr_is_terminal());
    std::size_t done = 0;

    std::map<std::string, Output> outputs;  // by file path
    auto output_for = [&](const pst::CalendarFolder& folder) -> Output& {
        fs::path target = opt.single_file.empty() ? fs::path(opt.output_dir) / ics_path_for_folder(folder.path)
                                                  : fs::path(opt.single_file);
        auto it = outputs.find(target.string());
        if (it != outputs.end()) return it->second;
        if (target.has_parent_path()) fs::create_directories(target.parent_path());
        Output out;
        out.writer = std::make_unique<ical::IcsFileWriter>(target.string(), mapi::kProdId);
        return outputs.emplace(target.string(), std::move(out)).first->second;
    };

    std::size_t recurring = 0, overrides = 0, duplicates = 0;
    try {
        mapi::AppointmentReader reader;
        for (const pst::CalendarFolder& folder : folders) {
            walk_folder(
                *file, folder, reader,
                [&](const pst::CalendarFolder& f, const mapi::Appointment& a, mapi::Diagnostics& diag) {
                    mapi::CalendarObject obj = mapi::appointment_to_ical(a, diag);
                    if (a.recurrence) ++recurring;
                    overrides += a.overrides.size();
                    Output& out = output_for(f);
                    merge_zones(out.zones, obj.zones);
                    auto result = out.writer->add(obj.uid, obj.last_modified_utc, obj.events);
                    if (result == ical::IcsFileWriter::AddResult::Added) {
                        ++out.objects;
                    } else {
                        ++duplicates;
                        diag.warn("UID " + obj.uid + " already exported to " + out.writer->path() +
                                  "; the most recently modified copy is kept");
                    }
                },
                [&](const pst::CalendarFolder& f) { bar.update(++done, f.path); }, stats);
        }
        bar.clear();
        for (auto& [path, out] : outputs) out.writer->finish(mapi::vtimezones(out.zones));
    } catch (const std::exception& e) {  // IcsWriteError, filesystem_error
        bar.clear();
        spdlog::error("cannot write the export: {}", e.what());
        return kExitOutputError;
    }

    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    for (const pst::CalendarFolder& f : folders) {
        fs::path target = opt.single_file.empty() ? fs::path(opt.output_dir) / ics_path_for_folder(f.path)
                                                  : fs::path(opt.single_file);
        if (outputs.count(target.string()) == 0)
            std::printf("  %-40s %5d items  (empty: no file written)\n", f.path.c_str(), f.item_count);
        else if (opt.single_file.empty())
            std::printf("  %-40s %5zu items  -> %s\n", f.path.c_str(), outputs[target.string()].objects, target.c_str());
    }
    std::printf("Exported %zu items (%zu recurring, %zu modified occurrences) from %zu calendar folders of %s in %.2f s\n",
                stats.converted, recurring, overrides, folders.size(), opt.input.c_str(), seconds);
    if (!opt.single_file.empty()) std::printf("  -> %s\n", opt.single_file.c_str());
    std::printf("Warnings: %zu   Skipped: %zu unreadable, %zu not appointments   Duplicate UIDs merged: %zu\n",
                stats.warnings, stats.unreadable, stats.not_appointments, duplicates);
    if (stats.partial()) {
        std::printf("Partial export: %zu items or folders could not be read (see the errors above)\n", stats.unreadable);
        return kExitPartial;
    }
    return kExitOk;
}

}  // namespace calbridge::cli
