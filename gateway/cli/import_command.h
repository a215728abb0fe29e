#pragma once
// `calbridge import FILE --user NAME [--folder PATH]...` (issue 4 item 2): every calendar folder
// of a PST/OST into a calendar of the user's home, incrementally (gateway/import decides per UID;
// this file reads the PST and reports).
#include <string>
#include <vector>

#include "gateway/cli/console.h"
#include "gateway/cli/gateway_setup.h"

namespace calbridge::cli {

struct ImportOptions {
    std::string input;
    std::string user;
    std::vector<std::string> folders;  // only these folder paths (all when empty)
    unsigned jobs = 0;                 // worker threads; 0 = the machine's cores (at most 4)
    Verbosity verbosity = Verbosity::Normal;
};

// Returns an ExitCode: 0 imported, 1 usage (unknown user or folder), 2 cannot open the input or
// the store, 3 partial (some items or folders unreadable: nothing removed from those folders),
// 4 the store refused writes.
int run_import(const GlobalOptions& global, const ImportOptions& options);

}  // namespace calbridge::cli
