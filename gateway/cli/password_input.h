#pragma once
// Where `calbridge user add/passwd` read a password from: stdin (--password-stdin, one line),
// a file (--password-file, its first line) or, by default, a prompt on the terminal without
// echo, asked twice. The password is never printed or logged.
#include <optional>
#include <string>

namespace calbridge::cli {

struct PasswordOptions {
    bool from_stdin = false;
    std::string file;
};

// nullopt (with an error logged) when no password could be read, the two prompts differ, or
// the password is empty.
std::optional<std::string> read_password(const PasswordOptions& options, const std::string& user);

}  // namespace calbridge::cli
