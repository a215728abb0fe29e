#pragma once
// Logging of `calbridge serve`: timestamped lines on stderr at the configured level ([log]
// level; -v/-q override it), and the access log (logger "access", gateway/http/access_log.h)
// on the same sink, switched off by [log] access_log = false.
#include "gateway/cli/console.h"
#include "gateway/config/gateway_config.h"

namespace calbridge::cli {

void init_server_logging(const config::LogSection& log, Verbosity verbosity, bool verbosity_given);

}  // namespace calbridge::cli
