#pragma once
// `calbridge status [--user NAME]`: the calendars with their object counts, the import sources
// (file, folder -> calendar, last import, counts), the open conflicts of imports, and the
// store's integrity (PRAGMA integrity_check).
#include <string>

#include "gateway/cli/gateway_setup.h"

namespace calbridge::cli {

struct StatusOptions {
    std::string user;  // empty: every user
};

// kExitOk; kExitCannotOpen when the store cannot be opened or fails its integrity check.
int run_status(const GlobalOptions& global, const StatusOptions& options);

}  // namespace calbridge::cli
