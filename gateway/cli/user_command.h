#pragma once
// `calbridge user add NAME | passwd NAME | remove NAME | list` (issue 4 item 6).
#include <string>

#include "gateway/cli/gateway_setup.h"
#include "gateway/cli/password_input.h"

namespace calbridge::cli {

struct UserOptions {
    std::string name;
    std::string display_name;  // add: default = name
    std::string email;
    PasswordOptions password;
};

// Each returns an ExitCode (exit_codes.h).
int run_user_add(const GlobalOptions& global, const UserOptions& options);
int run_user_passwd(const GlobalOptions& global, const UserOptions& options);
int run_user_remove(const GlobalOptions& global, const UserOptions& options);
int run_user_list(const GlobalOptions& global);

}  // namespace calbridge::cli
