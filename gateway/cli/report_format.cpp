#include "gateway/cli/report_format.h"

#include <ctime>

namespace calbridge::cli {

std::string format_utc(std::int64_t unix_seconds) {
    if (unix_seconds == 0) return "-";
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%SZ", &tm);
    return buffer;
}

}  // namespace calbridge::cli
