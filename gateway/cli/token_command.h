#pragma once
// `calbridge token issue CALENDAR --user NAME | revoke TOKEN-OR-ID | list --user NAME`: secret
// .ics subscription URLs (issue 4 item 5) for clients that cannot authenticate. A token is
// shown once, when issued; the store keeps only its SHA-256.
#include <string>

#include "gateway/cli/gateway_setup.h"

namespace calbridge::cli {

struct TokenOptions {
    std::string calendar;  // issue: a calendar path, or its name (last segment or display name) in the user's home
    std::string user;      // issue, list
    std::string token;     // revoke: the id, the token, or its /ics/<token>.ics URL
};

int run_token_issue(const GlobalOptions& global, const TokenOptions& options);
int run_token_revoke(const GlobalOptions& global, const TokenOptions& options);
int run_token_list(const GlobalOptions& global, const TokenOptions& options);

}  // namespace calbridge::cli
