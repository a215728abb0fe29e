#include "gateway/cli/console.h"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <mutex>

namespace calbridge::cli {

namespace {
ProgressBar* g_active_bar = nullptr;

// Erases the progress bar before each log line so the two never share a line.
class BarClearingSink : public spdlog::sinks::base_sink<std::mutex> {
public:
    BarClearingSink() : inner_(std::make_shared<spdlog::sinks::stderr_color_sink_mt>()) {}
    void set_pattern_all(const std::string& p) { inner_->set_pattern(p); }

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        if (g_active_bar) g_active_bar->clear();
        inner_->log(msg);
    }
    void flush_() override { inner_->flush(); }

private:
    std::shared_ptr<spdlog::sinks::stderr_color_sink_mt> inner_;
};
}  // namespace

void init_logging(Verbosity v) {
    auto sink = std::make_shared<BarClearingSink>();
    sink->set_pattern_all("%^%l%$: %v");
    auto logger = std::make_shared<spdlog::logger>("calbridge", sink);
    logger->set_level(v == Verbosity::Quiet ? spdlog::level::err
                      : v == Verbosity::Verbose ? spdlog::level::debug
                                                : spdlog::level::warn);
    spdlog::set_default_logger(logger);
}

bool stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

ProgressBar::ProgressBar(std::size_t total, bool enabled) : total_(total), enabled_(enabled && total > 0) {
    if (enabled_) g_active_bar = this;
}

ProgressBar::~ProgressBar() {
    clear();
    if (g_active_bar == this) g_active_bar = nullptr;
}

void ProgressBar::update(std::size_t done, const std::string& label) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (done < total_ && now - last_ < std::chrono::milliseconds(50)) return;
    last_ = now;
    constexpr int width = 30;
    int filled = static_cast<int>(width * std::min(done, total_) / total_);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(width - filled), '.');
    std::string shown = label.size() > 40 ? "..." + label.substr(label.size() - 37) : label;
    std::fprintf(stderr, "\r\033[K[%s] %zu/%zu %s", bar.c_str(), done, total_, shown.c_str());
    std::fflush(stderr);
    drawn_ = true;
}

void ProgressBar::clear() {
    if (!drawn_) return;
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
    drawn_ = false;
}

}  // namespace calbridge::cli
