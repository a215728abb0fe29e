#pragma once
// The request handler `calbridge serve` gives the HTTP server: HTTP Basic authentication in
// front of the CalDAV engine (/tmp/url-layout.md "Auth").
//   - /.well-known/* and /ics/<token>.ics pass without authentication (RFC 6764 bootstrap, and
//     secret-token subscriptions for clients that cannot authenticate);
//   - valid Basic credentials set Request::user;
//   - credentials that are present but wrong get 401 with the Basic challenge at once;
//   - credentials that cannot be checked now (every password verification slot is busy) get
//     503 with Retry-After: 1;
//   - no credentials: the request goes on without a user, and the engine answers 401 where a
//     user is needed (so the engine can be tested without this layer);
//   - /status and /status/...: the status page (gateway/status), not the engine; it answers 401
//     with the Basic challenge without a user, so a browser asks for the password.
#include <string>
#include <string_view>

#include "caldav/engine/engine.h"
#include "caldav/http_message.h"
#include "gateway/auth/authenticator.h"
#include "gateway/status/status_handler.h"

namespace calbridge::cli {

class GatewayHandler {
public:
    // status: the status page; null: /status/ goes to the engine like any path (tests).
    GatewayHandler(caldav::Engine& engine, auth::Authenticator& authenticator,
                   const status::StatusHandler* status = nullptr)
        : engine_(engine), authenticator_(authenticator), status_(status) {}
    caldav::Response operator()(caldav::Request& request) const;

private:
    caldav::Engine& engine_;
    auth::Authenticator& authenticator_;
    const status::StatusHandler* status_;
};

// True for request-targets that need no authentication. Compared on the target as sent
// (percent-encoded): an encoded variant of these prefixes is not public, which only ever
// asks for credentials where none were needed.
bool is_public_target(std::string_view target);

// The request-target as the access log shows it: the secret of /ics/<token>.ics replaced by
// "<token>" (issue 4: never log secrets).
std::string redact_target(std::string_view target);

}  // namespace calbridge::cli
