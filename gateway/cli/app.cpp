#include "gateway/cli/app.h"

#include <CLI/CLI.hpp>

#include "gateway/cli/exit_codes.h"
#include "gateway/cli/export_command.h"
#include "gateway/cli/info_command.h"

namespace calbridge::cli {

int run(int argc, char** argv) {
    CLI::App app{"calbridge: Outlook PST/OST calendars for standards clients (iCalendar, CalDAV, Exchange)"};
    app.set_version_flag("--version", std::string("calbridge ") + CALBRIDGE_VERSION_STRING);
    app.require_subcommand(1);
    app.fallthrough();  // -v/-q may also follow the command name
    bool verbose = false, quiet = false;
    app.add_flag("-v,--verbose", verbose, "Log every step (debug level)");
    app.add_flag("-q,--quiet", quiet, "Only errors; no progress bar");

    InfoOptions info;
    CLI::App* info_cmd = app.add_subcommand("info", "List the calendar folders of a PST/OST file with item counts");
    info_cmd->add_option("FILE", info.input, "PST or OST file")->required();
    info_cmd->add_flag("--json", info.json, "Print every item's stored facts as JSON");

    ExportOptions exp;
    CLI::App* export_cmd = app.add_subcommand("export", "Write the calendars of a PST/OST file as iCalendar (.ics)");
    export_cmd->add_option("FILE", exp.input, "PST or OST file")->required();
    auto* dir_opt = export_cmd->add_option("-o,--output", exp.output_dir, "Directory for one .ics per calendar folder");
    auto* single_opt = export_cmd->add_option("--single", exp.single_file, "Write every calendar into this one .ics file");
    dir_opt->excludes(single_opt);
    export_cmd->add_option("--folder", exp.folders, "Only this calendar folder path (repeatable), e.g. \"Calendar\"");
    export_cmd->add_option("-j,--jobs", exp.jobs, "Worker threads (default: the machine's cores, at most 4)")
        ->check(CLI::Range(0u, 64u));
    export_cmd->footer(
        "Exit codes: 0 all exported, 1 usage error, 2 cannot open the input, 3 partial (some items or folders "
        "unreadable, the rest exported), 4 cannot write the output.");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? kExitOk : kExitUsage;
    }
    Verbosity v = quiet ? Verbosity::Quiet : verbose ? Verbosity::Verbose : Verbosity::Normal;
    init_logging(v);

    if (*info_cmd) {
        info.verbosity = v;
        return run_info(info);
    }
    exp.verbosity = v;
    if (exp.output_dir.empty() && exp.single_file.empty()) exp.output_dir = "calbridge-export";
    return run_export(exp);
}

}  // namespace calbridge::cli
