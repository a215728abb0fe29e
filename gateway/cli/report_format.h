#pragma once
// Small formatting helpers of the CLI's reports (status, token list).
#include <cstdint>
#include <string>

namespace calbridge::cli {

// Unix seconds as "2024-05-01 12:34:56Z" (UTC); "-" for 0.
std::string format_utc(std::int64_t unix_seconds);

}  // namespace calbridge::cli
