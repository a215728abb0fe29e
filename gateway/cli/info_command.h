#pragma once
// `calbridge info FILE [--json]`: the calendar folders of a PST/OST with their item counts;
// with --json, also what Outlook stored for every item (times, zone, recurrence), which the
// conformance suite compares against the exported iCalendar.
#include <string>

#include "gateway/cli/console.h"

namespace calbridge::cli {

struct InfoOptions {
    std::string input;
    bool json = false;
    Verbosity verbosity = Verbosity::Normal;
};

int run_info(const InfoOptions& options);

}  // namespace calbridge::cli
