// calbridge: entry point. Commands live in gateway/cli/.
#include "gateway/cli/app.h"

int main(int argc, char** argv) { return calbridge::cli::run(argc, argv); }
