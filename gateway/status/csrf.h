#pragma once
// Protection of the status page's POST forms against cross-site request forgery (issue 6 item 6).
// Browsers send HTTP Basic credentials with any request to the origin, a forged one from another
// site included, so every state-changing form carries a token the other site cannot know, and
// the request must come from our own origin:
//  - token: HMAC-SHA256 (RFC 2104) with a random key made when the process starts, over the user
//    and the conflict id. It binds the form to who sees it and what it resolves; a restart
//    invalidates open pages (a reload gets fresh tokens).
//  - origin: the Origin header (RFC 6454 7), else the Referer (RFC 9110 10.1.3), must name the
//    origin the request was sent to; a POST with neither is refused (OWASP CSRF cheat sheet,
//    "Verifying Origin With Standard Headers").
#include <cstdint>
#include <string>
#include <string_view>

#include "caldav/http_message.h"

namespace calbridge::status {

class CsrfGuard {
public:
    CsrfGuard();                              // a random 32-byte key (OpenSSL RAND_bytes)
    explicit CsrfGuard(std::string key);      // tests: a known key
    // Lowercase hex HMAC-SHA256(key, user "\n" conflict id).
    std::string token(std::string_view user, std::int64_t conflict_id) const;
    // Constant-time comparison with the expected token.
    bool valid(std::string_view user, std::int64_t conflict_id, std::string_view token) const;

private:
    std::string key_;
};

// True when the Origin header equals request.origin, or, without Origin, the Referer is
// request.origin itself or starts with request.origin + "/". "Origin: null" never passes.
bool same_origin(const caldav::Request& request);

}  // namespace calbridge::status
