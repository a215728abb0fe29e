#pragma once
// `calbridge export FILE [-o DIR | --single OUT.ics] [--folder PATH]...`
#include <string>
#include <vector>

#include "gateway/cli/console.h"

namespace calbridge::cli {

struct ExportOptions {
    std::string input;
    std::string output_dir;                // one .ics per calendar folder, paths mirroring the folders
    std::string single_file;               // or everything in one .ics
    std::vector<std::string> folders;      // only these folder paths (all when empty)
    unsigned jobs = 0;                     // worker threads; 0 = the machine's cores (at most 4)
    Verbosity verbosity = Verbosity::Normal;
};

// Returns an ExitCode (exit_codes.h).
int run_export(const ExportOptions& options);

// The file name a folder path is written to below the output directory:
// "Calendar/United States holidays" -> "Calendar/United States holidays.ics", with characters
// that file systems reject replaced by '_'.
std::string ics_path_for_folder(const std::string& folder_path);

}  // namespace calbridge::cli
