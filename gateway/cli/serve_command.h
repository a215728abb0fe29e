#pragma once
// `calbridge serve`: the CalDAV server (issue 4 items 3-6) on the configured address, until
// SIGTERM or SIGINT. The first line on stdout is the URL, with the real port (also when the
// configuration asks for port 0): "calbridge: serving http://127.0.0.1:8008/dav/".
#include "gateway/cli/console.h"
#include "gateway/cli/gateway_setup.h"

namespace calbridge::cli {

// 0 after a graceful stop; kExitCannotOpen when the configuration, the store, the certificate or
// the listening socket cannot be set up, and when [server] binds a non-loopback address without
// TLS and without allow_insecure = true (config/bind_policy.h; checked before the store is opened).
int run_serve(const GlobalOptions& global, Verbosity verbosity, bool verbosity_given);

}  // namespace calbridge::cli
