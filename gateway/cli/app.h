#pragma once
// The calbridge command line (CLI11). Exit codes are documented in exit_codes.h and README.md.
namespace calbridge::cli {
int run(int argc, char** argv);
}
