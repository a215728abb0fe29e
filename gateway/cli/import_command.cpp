#include "gateway/cli/import_command.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <future>
#include <stdexcept>

#include "caldav/calendar/calendar_object_validation.h"
#include "gateway/cli/calendar_walk.h"
#include "gateway/cli/exit_codes.h"
#include "gateway/cli/parallel_conversion.h"
#include "gateway/import/calendar_object_text.h"
#include "gateway/import/calendar_target.h"
#include "gateway/import/folder_import.h"

namespace calbridge::cli {

namespace fs = std::filesystem;

namespace {

// One selected folder of the file during the import.
struct FolderRun {
    pst::CalendarFolder folder;
    caldav::Collection calendar;
    std::vector<import::IncomingObject> items;
    std::size_t unreadable = 0;  // items of this folder that could not be read or validated
    bool done = false;
    import::ImportSummary summary;
};

// The path import sources are recorded under: absolute, so `status` says which file it was.
std::string source_name(const std::string& input) {
    std::error_code ec;
    fs::path p = fs::weakly_canonical(fs::absolute(input), ec);
    return ec ? input : p.string();
}

class ImportRun {
public:
    ImportRun(store::SqliteStore& db, const config::GatewayConfig& config, std::string source, bool listing_complete)
        : db_(db), config_(config), source_(std::move(source)), listing_complete_(listing_complete) {}

    std::vector<FolderRun>& folders() { return folders_; }

    // A converted item of folder f (called in file order).
    void on_item(std::size_t f, ConvertedItem&& item, WalkStats& stats) {
        FolderRun& run = reach(f);
        if (!account_for_item(item, stats, "not imported")) {
            if (item.status == ItemStatus::Unreadable) ++run.unreadable;
            return;
        }
        import::IncomingObject object;
        object.data = import::calendar_object_text(item.ics, item.zones);
        caldav::ValidationOptions validation;
        validation.supported_components = run.calendar.props.components;
        validation.max_resource_size = config_.caldav.max_resource_size;
        caldav::ValidationResult valid = caldav::validate_calendar_object(object.data, validation);
        if (!valid) {
            spdlog::error("{}: not imported: the converted event is not a valid calendar object ({}: {})", item.origin,
                          caldav::element_name(valid.error.precondition), valid.error.message);
            ++stats.unreadable;
            ++run.unreadable;
            return;
        }
        ++stats.converted;
        object.uid = std::move(valid.object->uid);
        object.spans = std::move(valid.object->spans);
        object.last_modified = item.last_modified_utc;
        object.origin = std::move(item.origin);
        run.items.push_back(std::move(object));
    }

    void on_problem(std::size_t f, const pst::ReadProblem& p, WalkStats& stats) {
        FolderRun& run = reach(f);
        spdlog::error("{}: {}", p.where, p.message);
        ++stats.unreadable;
        ++run.unreadable;
    }

    // Applies every folder not applied yet (the last one, and folders without items).
    void finish() { finish_before(folders_.size()); }

private:
    // Results arrive folder after folder: when folder f is reached, the folders before it are
    // complete and are applied to the store (memory holds one folder's items at a time).
    FolderRun& reach(std::size_t f) {
        if (folders_.at(f).done) throw std::logic_error("import: an item arrived for a folder already applied");
        finish_before(f);
        return folders_[f];
    }

    void finish_before(std::size_t end) {
        for (std::size_t i = 0; i < end; ++i)
            if (!folders_[i].done) apply(folders_[i]);
    }

    void apply(FolderRun& run) {
        run.done = true;
        import::FolderImportOptions options;
        // A folder-level read problem may hide any folder's items: then no folder removes anything.
        options.source_complete = listing_complete_ && run.unreadable == 0;
        options.conflict_source = "import:" + source_;
        run.summary = import::import_folder(db_, run.calendar, std::move(run.items), options);
        run.items.clear();
        run.summary.skipped += static_cast<std::int64_t>(run.unreadable);
        store::ImportSource record;
        record.collection_path = run.calendar.path;
        record.source_file = source_;
        record.folder_path = run.folder.path;
        record.last_import_at = static_cast<std::int64_t>(std::time(nullptr));
        record.counts = run.summary.counts();
        db_.record_import_source(record);
    }

    store::SqliteStore& db_;
    const config::GatewayConfig& config_;
    std::string source_;
    bool listing_complete_;
    std::vector<FolderRun> folders_;
};

void print_summary(const FolderRun& run) {
    const import::ImportSummary& s = run.summary;
    std::printf("  %-36s -> %s\n     %lld created, %lld updated, %lld unchanged, %lld removed, %lld conflicts, "
                "%lld skipped",
                run.folder.path.c_str(), run.calendar.path.c_str(), static_cast<long long>(s.created),
                static_cast<long long>(s.updated), static_cast<long long>(s.unchanged), static_cast<long long>(s.removed),
                static_cast<long long>(s.conflicts), static_cast<long long>(s.skipped));
    if (s.kept_local) std::printf(", %lld client changes kept", static_cast<long long>(s.kept_local));
    if (s.withheld) std::printf(", %lld removals withheld (folder not read completely)", static_cast<long long>(s.withheld));
    std::printf("\n");
}

}  // namespace

int run_import(const GlobalOptions& global, const ImportOptions& opt) {
    const auto started = std::chrono::steady_clock::now();
    OpenedStore opened = open_store(global);
    if (!opened.store) return kExitCannotOpen;
    store::SqliteStore& db = *opened.store;
    if (!db.principal(opt.user)) {
        spdlog::error("no user {}; add it first: calbridge user add {}", opt.user, opt.user);
        return kExitUsage;
    }

    WalkStats stats;
    const unsigned threads = opt.jobs == 0 ? default_thread_count() : opt.jobs;
    std::future<std::vector<std::unique_ptr<pst::PstFile>>> spare =
        std::async(std::launch::async, open_spare_handles, opt.input, threads - 1);
    auto [file, all] = open_input(opt.input, stats);
    if (!file) return kExitCannotOpen;
    std::vector<std::string> unknown;
    const std::vector<pst::CalendarFolder> selected = select_folders(all, opt.folders, unknown);
    if (!unknown.empty()) {
        std::string names;
        for (const auto& f : all) names += "\n  " + f.path;
        spdlog::error("no calendar folder {} in {}; calendar folders are:{}", unknown.front(), opt.input,
                      names.empty() ? std::string(" none") : names);
        return kExitUsage;
    }
    const bool listing_complete = !stats.partial();
    if (!listing_complete)
        spdlog::warn("{}: the folder list could not be read completely: nothing is removed by this import", opt.input);

    const std::string source = source_name(opt.input);
    ImportRun run(db, opened.config, source, listing_complete);
    std::size_t total = 0;
    try {
        // Every folder gets its calendar first, empty ones too (a folder emptied in the file
        // empties its calendar on re-import).
        for (const pst::CalendarFolder& f : selected) {
            std::optional<import::CalendarTarget> target = import::calendar_for_folder(db, opt.user, source, f.path);
            if (!target) {
                spdlog::error("user {} has no calendar home {}", opt.user, store::SqliteStore::home_path(opt.user));
                return kExitOutputError;
            }
            run.folders().push_back(FolderRun{f, std::move(target->calendar), {}, 0, false, {}});
            total += static_cast<std::size_t>(std::max(f.item_count, 0));
        }
        ProgressBar bar(total, opt.verbosity != Verbosity::Quiet && stderr_is_terminal());
        std::size_t done = 0;
        ConversionCallbacks callbacks;
        callbacks.on_item = [&](std::size_t f, ConvertedItem&& item) {
            bar.update(++done, selected[f].path);
            run.on_item(f, std::move(item), stats);
        };
        callbacks.on_problem = [&](std::size_t f, const pst::ReadProblem& p) {
            bar.update(++done, selected[f].path);
            run.on_problem(f, p, stats);
        };
        convert_in_parallel(*file, spare.get(), selected, threads, callbacks);
        run.finish();
        bar.clear();
    } catch (const std::exception& e) {
        spdlog::error("import into the store {} failed: {} (what was written is consistent; import again)",
                      db.file(), e.what());
        return kExitOutputError;
    }

    import::ImportSummary total_summary;
    std::printf("Imported %s for %s into %s:\n", opt.input.c_str(), opt.user.c_str(), db.file().c_str());
    for (const FolderRun& f : run.folders()) {
        print_summary(f);
        total_summary += f.summary;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("Total: %lld created, %lld updated, %lld unchanged, %lld removed, %lld conflicts, %lld skipped "
                "in %.2f s\n",
                static_cast<long long>(total_summary.created), static_cast<long long>(total_summary.updated),
                static_cast<long long>(total_summary.unchanged), static_cast<long long>(total_summary.removed),
                static_cast<long long>(total_summary.conflicts),
                static_cast<long long>(total_summary.skipped), seconds);
    std::printf("Warnings: %zu   Unreadable: %zu   Not appointments: %zu\n", stats.warnings, stats.unreadable,
                stats.not_appointments);
    if (total_summary.conflicts > 0)
        std::printf("Conflicts: %lld new (clients' edits kept; see calbridge status)\n",
                    static_cast<long long>(total_summary.conflicts));
    if (stats.partial()) {
        std::printf("Partial import: %zu items or folders could not be read; nothing was removed from the folders "
                    "affected (an unreadable item is not a deleted item)\n",
                    stats.unreadable);
        return kExitPartial;
    }
    return kExitOk;
}

}  // namespace calbridge::cli
