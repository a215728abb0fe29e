#pragma once
// HTTP Basic authentication (RFC 7617): parsing the Authorization header and the 401 challenge.
#include <optional>
#include <string>
#include <string_view>

#include "caldav/http_message.h"

namespace calbridge::auth {

struct BasicCredentials {
    std::string user;
    std::string password;
};

// The value of an Authorization field: "Basic" (any case, RFC 9110 11.1) then base64 of
// "user:password". The user is what precedes the first ':' (RFC 7617 2: a user-id cannot
// contain one; a password can). Both must be UTF-8 (we announce charset="UTF-8", RFC 7617
// 2.1) without control characters (RFC 7617 2), the user not empty. Anything else: nullopt.
std::optional<BasicCredentials> parse_basic_authorization(std::string_view value);

// 401 with WWW-Authenticate: Basic realm="calbridge", charset="UTF-8" (RFC 7617 2, 2.1).
caldav::Response unauthorized();

}  // namespace calbridge::auth
