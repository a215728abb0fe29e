#include "gateway/cli/app.h"

#include <CLI/CLI.hpp>

#include "gateway/cli/exit_codes.h"

namespace calbridge::cli {

int run(int argc, char** argv) {
    CLI::App app{"calbridge: Outlook PST/OST calendars for standards clients"};
    app.require_subcommand(1);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? kExitOk : kExitUsage;
    }
    return kExitOk;
}

}  // namespace calbridge::cli
