#pragma once
// Sharing (issue 6 item 1):
//   calbridge share CALENDAR --with USER|GROUP --access freebusy|read|read-write [--user OWNER]
//   calbridge unshare CALENDAR --with NAME [--user OWNER]
//   calbridge shares [--user OWNER]
//   calbridge group add NAME USER...  |  group remove NAME [USER...]  |  groups
// CALENDAR is a path or a name in the owner's home, as for `token issue`. Sharing again with the
// same grantee replaces its access. A shared calendar appears in each grantee's home at
// /dav/calendars/<grantee>/shared-<owner>-<calendar>/ (caldav/access/sharing.h).
#include <string>
#include <vector>

#include "gateway/cli/gateway_setup.h"

namespace calbridge::cli {

struct ShareOptions {
    std::string calendar;   // share, unshare
    std::string with;       // share, unshare: a user or a group
    std::string access;     // share: freebusy | read | read-write
    std::string user;       // the owner of the calendar (share, unshare: optional when CALENDAR is a
                            // path or the store has one user; shares: only this owner's calendars)
};

struct GroupOptions {
    std::string name;
    std::vector<std::string> users;
};

// Each returns an ExitCode (exit_codes.h): 0 done, 1 a usage error (unknown user, group or
// calendar, ...), 2 the store cannot be opened.
int run_share(const GlobalOptions& global, const ShareOptions& options);
int run_unshare(const GlobalOptions& global, const ShareOptions& options);
int run_shares(const GlobalOptions& global, const ShareOptions& options);
int run_group_add(const GlobalOptions& global, const GroupOptions& options);
int run_group_remove(const GlobalOptions& global, const GroupOptions& options);
int run_groups(const GlobalOptions& global);

}  // namespace calbridge::cli
