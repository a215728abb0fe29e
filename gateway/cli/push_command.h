#pragma once
// `calbridge push FILE --folder PATH --to REMOTE[:FOLDER] [--user NAME] [--dry-run]` (issue 5
// item 4): a PST/OST calendar folder into an Exchange calendar in one command. It is an import
// (FILE's folder into the user's calendar, incremental as `calbridge import`) followed by one
// bridge cycle between that calendar and the remote folder, so running it again creates nothing
// new, edits made on either side since are kept, and later `calbridge sync` / `serve` carry on
// with the same pair. Meeting invitations are never sent.
//
// --dry-run runs the very same import and cycle on a copy of the store against the real remote,
// with every remote write only recorded: it prints what would be created, updated and deleted,
// and changes neither the store nor the remote.
#include <string>

#include "gateway/cli/console.h"
#include "gateway/cli/gateway_setup.h"

namespace calbridge::cli {

struct PushOptions {
    std::string input;
    std::string folder;      // calendar folder path in the file, e.g. "Calendar"
    std::string to;          // "<remote>" or "<remote>:<folder>" ("calendar", "Team", "shared:bob@example.org")
    std::string user;        // local user owning the calendar; default: the store's only user
    bool dry_run = false;
    unsigned jobs = 0;
    Verbosity verbosity = Verbosity::Normal;
};

// Exit codes as import's, plus 3 when the bridge cycle stopped early or could not start.
int run_push(const GlobalOptions& global, const PushOptions& options);

}  // namespace calbridge::cli
