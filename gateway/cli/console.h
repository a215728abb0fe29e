#pragma once
// Terminal output of the CLI: leveled log lines on stderr (spdlog) and a progress bar that
// is drawn only when stderr is a terminal and never mixes with the log lines.
#include <chrono>
#include <cstddef>
#include <string>

namespace calbridge::cli {

enum class Verbosity { Quiet, Normal, Verbose };

// Configures spdlog: Quiet shows errors only, Normal warnings and up, Verbose debug.
void init_logging(Verbosity v);

class ProgressBar {
public:
    ProgressBar(std::size_t total, bool enabled);
    ~ProgressBar();
    void update(std::size_t done, const std::string& label);
    // Erases the bar (before a log line, and at the end).
    void clear();

private:
    std::size_t total_;
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point last_{};
};

// True when stderr is a terminal.
bool stderr_is_terminal();

}  // namespace calbridge::cli
