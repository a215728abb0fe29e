#include "gateway/cli/parallel_conversion.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include <spdlog/spdlog.h>

#include "converters/ical/ics_file_writer.h"

namespace calbridge::cli {

namespace {

struct Task {
    std::size_t folder = 0;
    int first = 0, count = 0;
};

struct ChunkResult {
    std::vector<ConvertedItem> items;
    std::vector<pst::ReadProblem> problems;
};

// Chunks a worker may run ahead of the chunk being written: bounds memory.
constexpr std::size_t kWindow = 4;

ConvertedItem convert_message(mapi::Message&& message, mapi::AppointmentReader& reader) {
    ConvertedItem out;
    out.origin = message.origin;
    mapi::Diagnostics diag(message.origin);
    ItemOutcome outcome = read_item(message, reader, diag);
    out.status = outcome.status;
    out.message = std::move(outcome.message);
    if (outcome.appointment) {
        const mapi::Appointment& a = *outcome.appointment;
        mapi::CalendarObject obj = mapi::appointment_to_ical(a, diag);
        out.uid = obj.uid;
        out.last_modified_utc = obj.last_modified_utc;
        out.ics = ical::serialise_events(obj.events);
        out.zones = std::move(obj.zones);
        out.recurring = a.recurrence.has_value();
        out.overrides = a.overrides.size();
    }
    out.warnings = diag.items();
    return out;
}

class Scheduler {
public:
    Scheduler(std::vector<Task> tasks) : tasks_(std::move(tasks)), results_(tasks_.size()) {}

    // Worker side: the next task index, or nullopt when there is none (or on abort).
    std::optional<std::size_t> take() {
        std::size_t t = next_.fetch_add(1);
        if (t >= tasks_.size()) return std::nullopt;
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return aborted_ || t < written_ + kWindow; });
        if (aborted_) {
            results_[t].emplace();  // never waited for after an abort, but keep slots filled
            return std::nullopt;
        }
        return t;
    }
    void put(std::size_t t, ChunkResult&& r) {
        std::lock_guard lock(mutex_);
        results_[t] = std::move(r);
        changed_.notify_all();
    }
    bool aborted() const { return aborted_.load(); }

    // Main side: waits for task t's result.
    ChunkResult wait_for(std::size_t t) {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return results_[t].has_value(); });
        ChunkResult r = std::move(*results_[t]);
        results_[t].reset();
        written_ = t + 1;
        changed_.notify_all();
        return r;
    }
    void abort() {
        std::lock_guard lock(mutex_);
        aborted_ = true;
        changed_.notify_all();
    }
    const Task& task(std::size_t t) const { return tasks_[t]; }
    std::size_t size() const { return tasks_.size(); }

private:
    std::vector<Task> tasks_;
    std::vector<std::optional<ChunkResult>> results_;
    std::atomic<std::size_t> next_{0};
    std::atomic<bool> aborted_{false};
    std::size_t written_ = 0;
    std::mutex mutex_;
    std::condition_variable changed_;
};

void run_worker(pst::PstFile& file, const std::vector<pst::CalendarFolder>& folders, Scheduler& s) {
    mapi::AppointmentReader reader;  // per thread: its zone cache is not shared
    while (auto t = s.take()) {
        const Task& task = s.task(*t);
        ChunkResult result;
        try {
            file.for_each_item(
                folders[task.folder],
                [&](mapi::Message&& m) {
                    result.items.push_back(convert_message(std::move(m), reader));
                    return !s.aborted();
                },
                result.problems, pst::ItemRange{task.first, task.count});
        } catch (const std::exception& e) {  // bad_alloc on a damaged file, and the like
            result.problems.push_back({folders[task.folder].path, e.what()});
        }
        s.put(*t, std::move(result));
    }
}

}  // namespace

bool account_for_item(const ConvertedItem& item, WalkStats& stats, std::string_view not_done) {
    for (const mapi::Diagnostic& d : item.warnings) spdlog::warn("{}: {}", d.origin, d.message);
    stats.warnings += item.warnings.size();
    if (item.status == ItemStatus::NotAppointment) {
        spdlog::info("{}: item of class {} is not an appointment; skipped", item.origin, item.message);
        ++stats.not_appointments;
        return false;
    }
    if (item.status == ItemStatus::Unreadable) {
        spdlog::error("{}: {}: {}", item.origin, not_done, item.message);
        ++stats.unreadable;
        return false;
    }
    return true;
}

unsigned default_thread_count() {
    unsigned n = std::thread::hardware_concurrency();
    return std::clamp(n, 1u, 4u);
}

std::vector<std::unique_ptr<pst::PstFile>> open_spare_handles(const std::string& path, unsigned count) {
    std::vector<std::unique_ptr<pst::PstFile>> handles;
    for (unsigned i = 0; i < count; ++i) {
        try {
            handles.push_back(pst::PstFile::open(path));
        } catch (const std::exception&) {
            break;  // the first handle reports what is wrong with the file
        }
    }
    return handles;
}

void convert_in_parallel(pst::PstFile& file, std::vector<std::unique_ptr<pst::PstFile>> spare,
                         const std::vector<pst::CalendarFolder>& folders, unsigned threads,
                         const ConversionCallbacks& callbacks) {
    std::vector<Task> tasks;
    for (std::size_t f = 0; f < folders.size(); ++f)
        for (int first = 0; first < folders[f].item_count; first += kItemsPerChunk)
            tasks.push_back({f, first, std::min(kItemsPerChunk, folders[f].item_count - first)});
    Scheduler scheduler(std::move(tasks));
    threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(scheduler.size())));

    std::vector<std::thread> workers;
    auto stop_workers = [&] {
        scheduler.abort();
        for (auto& w : workers) w.join();
        workers.clear();
    };
    spare.resize(std::min<std::size_t>(spare.size(), threads - 1));
    for (unsigned i = 1; i < threads; ++i) {
        std::unique_ptr<pst::PstFile> handle = i <= spare.size() ? std::move(spare[i - 1]) : nullptr;
        workers.emplace_back([&, own = std::move(handle)]() mutable {
            if (!own) {
                auto opened = open_spare_handles(file.path(), 1);
                if (opened.empty()) return;  // the other workers take its share
                own = std::move(opened.front());
            }
            run_worker(*own, folders, scheduler);
        });
    }
    workers.emplace_back([&] { run_worker(file, folders, scheduler); });

    try {
        for (std::size_t t = 0; t < scheduler.size(); ++t) {
            ChunkResult chunk = scheduler.wait_for(t);
            std::size_t folder = scheduler.task(t).folder;
            for (ConvertedItem& item : chunk.items) callbacks.on_item(folder, std::move(item));
            for (const pst::ReadProblem& p : chunk.problems) callbacks.on_problem(folder, p);
        }
    } catch (...) {
        stop_workers();
        throw;
    }
    stop_workers();
}

}  // namespace calbridge::cli
