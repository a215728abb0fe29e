#include "gateway/cli/gateway_handler.h"

#include "caldav/engine/request_path.h"
#include "caldav/engine/url_layout.h"
#include "gateway/auth/basic_auth.h"

namespace calbridge::cli {

namespace {

constexpr std::string_view kWellKnownPrefix = "/.well-known/";

// The path of a request-target: origin-form as sent, or the path of an absolute-form target
// (RFC 9112 3.2.2), without the query.
std::string_view target_path(std::string_view target) {
    if (target.empty()) return target;
    if (const std::size_t scheme = target.find("://"); scheme != std::string_view::npos && target.front() != '/') {
        const std::size_t path = target.find('/', scheme + 3);
        target = path == std::string_view::npos ? std::string_view("/") : target.substr(path);
    }
    return target.substr(0, target.find('?'));
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// Every password verification slot is busy (gateway/auth/verification_slots.h), or the same
// credentials are being checked for another connection: the HTTP server runs the request again
// shortly (retry_later); if it stays busy, RFC 9110 15.6.4 503 with Retry-After (10.2.3) rather
// than a 401 that would make the client ask its user for a password that may well be right.
caldav::Response verification_busy() {
    caldav::Response response;
    response.retry_later = true;
    response.status = 503;
    response.headers.add("Retry-After", "1");
    response.headers.add("Content-Type", "text/plain; charset=utf-8");
    response.body = "Service Unavailable: too many logins being checked, retry in a second\n";
    return response;
}

}  // namespace

bool is_public_target(std::string_view target) {
    const std::string_view path = target_path(target);
    return starts_with(path, kWellKnownPrefix) || path == kWellKnownPrefix.substr(0, kWellKnownPrefix.size() - 1) ||
           starts_with(path, caldav::kTokenPrefix);
}

std::string redact_target(std::string_view target) { return caldav::loggable_target(target); }

caldav::Response GatewayHandler::operator()(caldav::Request& request) const {
    request.user.reset();
    if (!is_public_target(request.target)) {
        if (const std::optional<std::string_view> authorization = request.headers.get("Authorization")) {
            auth::Authentication result = authenticator_.authenticate(*authorization, request.remote_address);
            switch (result.verdict) {
            case auth::Verdict::accepted:
                request.user = std::move(result.user);
                break;
            case auth::Verdict::rejected:
                return auth::unauthorized();
            case auth::Verdict::busy:
                return verification_busy();
            }
        }
    }
    if (status_ && status::is_status_path(target_path(request.target))) return status_->handle(request);
    return engine_.handle(request);
}

}  // namespace calbridge::cli
