#pragma once
// The CPU time of the calling thread, in milliseconds, for the in-binary micro-benchmarks: the
// engine and SQLite run in that thread, and its CPU time is steadier than wall time on a loaded
// machine.
#include <ctime>

namespace calbridge::testing {

inline double thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

}  // namespace calbridge::testing
