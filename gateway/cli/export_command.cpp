#include "gateway/cli/export_command.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <map>
#include <memory>

#include "converters/ical/ics_file_writer.h"
#include "converters/mapi/appointment/appointment_to_ical.h"
#include "gateway/cli/calendar_walk.h"
#include "gateway/cli/exit_codes.h"
#include "gateway/cli/parallel_conversion.h"

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
    WalkStats stats;
    unsigned threads = opt.jobs == 0 ? default_thread_count() : opt.jobs;
    // The other workers' libpff handles open while the first one lists the folders.
    std::future<std::vector<std::unique_ptr<pst::PstFile>>> spare =
        std::async(std::launch::async, open_spare_handles, opt.input, threads - 1);
    auto [file, all] = open_input(opt.input, stats);
    if (!file) return kExitCannotOpen;
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

    // Output files are opened before any item is read, so a target that cannot be written
    // fails the run at once (exit 4) instead of being mistaken for unreadable items.
    std::map<std::string, Output> outputs;  // by file path
    std::vector<Output*> folder_output(folders.size(), nullptr);
    auto target_for = [&](const pst::CalendarFolder& f) {
        return opt.single_file.empty() ? fs::path(opt.output_dir) / ics_path_for_folder(f.path)
                                       : fs::path(opt.single_file);
    };
    std::size_t recurring = 0, overrides = 0, duplicates = 0;
    try {
        for (std::size_t i = 0; i < folders.size(); ++i) {
            if (folders[i].item_count == 0) continue;
            fs::path target = target_for(folders[i]);
            auto it = outputs.find(target.string());
            if (it == outputs.end()) {
                if (target.has_parent_path()) fs::create_directories(target.parent_path());
                Output out;
                out.writer = std::make_unique<ical::IcsFileWriter>(target.string(), mapi::kProdId);
                it = outputs.emplace(target.string(), std::move(out)).first;
            }
            folder_output[i] = &it->second;
        }

        ConversionCallbacks callbacks;
        callbacks.on_item = [&](std::size_t folder, ConvertedItem&& item) {
            bar.update(++done, folders[folder].path);
            if (!account_for_item(item, stats, "not exported")) return;
            ++stats.converted;
            if (item.recurring) ++recurring;
            overrides += item.overrides;
            Output& out = *folder_output[folder];
            merge_zones(out.zones, item.zones);
            if (out.writer->add_serialised(item.uid, item.last_modified_utc, item.ics) ==
                ical::IcsFileWriter::AddResult::Added) {
                ++out.objects;
            } else {
                ++duplicates;
                ++stats.warnings;
                spdlog::warn("{}: UID {} already exported to {}; the most recently modified copy is kept", item.origin,
                             item.uid, out.writer->path());
            }
        };
        callbacks.on_problem = [&](std::size_t folder, const pst::ReadProblem& p) {
            bar.update(++done, folders[folder].path);
            spdlog::error("{}: {}", p.where, p.message);
            ++stats.unreadable;
        };
        convert_in_parallel(*file, spare.get(), folders, threads, callbacks);
        bar.clear();
        for (auto& [path, out] : outputs)
            if (out.objects > 0) out.writer->finish(mapi::vtimezones(out.zones));
    } catch (const std::exception& e) {  // IcsWriteError, filesystem_error
        bar.clear();
        spdlog::error("cannot write the export: {}", e.what());
        return kExitOutputError;
    }

    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    for (std::size_t i = 0; i < folders.size(); ++i) {
        const Output* out = folder_output[i];
        if (!out || out->objects == 0)
            std::printf("  %-40s %5d items  (nothing to write: no file)\n", folders[i].path.c_str(), folders[i].item_count);
        else if (opt.single_file.empty())
            std::printf("  %-40s %5zu items  -> %s\n", folders[i].path.c_str(), out->objects, out->writer->path().c_str());
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
