#pragma once
// Process exit codes of the calbridge CLI (documented in README.md, "Exit codes").
namespace calbridge::cli {
enum ExitCode : int {
    kExitOk = 0,            // everything converted, maybe with warnings
    kExitUsage = 1,         // bad command line
    kExitCannotOpen = 2,    // input missing, not a PST/OST, or unreadable header
    kExitPartial = 3,       // some items or folders could not be read; the rest was written
    kExitOutputError = 4,   // could not write the output
};
}
