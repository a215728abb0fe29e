#pragma once
// `calbridge token issue CALENDAR --user NAME | revoke ID | list --user NAME`: secret .ics
// subscription URLs (issue 4 item 5) for clients that cannot authenticate. A token is shown
// once, when issued, with its id; the store keeps only its SHA-256. Revoking needs only the id
// (issue and list print it), so the secret never has to go on a command line, where ps shows it.
#include <string>

#include "gateway/cli/gateway_setup.h"

namespace calbridge::cli {

struct TokenOptions {
    std::string calendar;  // issue: a calendar path, or its name (last segment or display name) in the user's home
    std::string user;      // issue, list
    std::string token;     // revoke: the id (or, discouraged, the token or its /ics/<token>.ics URL)
};

int run_token_issue(const GlobalOptions& global, const TokenOptions& options);
int run_token_revoke(const GlobalOptions& global, const TokenOptions& options);
int run_token_list(const GlobalOptions& global, const TokenOptions& options);

}  // namespace calbridge::cli
