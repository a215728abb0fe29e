#include "gateway/cli/password_input.h"

#include <spdlog/spdlog.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>

namespace calbridge::cli {

namespace {

void strip_line_end(std::string& s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
}

std::optional<std::string> first_line(std::istream& in) {
    std::string line;
    if (!std::getline(in, line)) return std::nullopt;
    strip_line_end(line);
    return line;
}

// One line from the terminal with echo off (restored even when reading fails).
std::optional<std::string> prompt_without_echo(const std::string& prompt) {
    std::fprintf(stderr, "%s", prompt.c_str());
    std::fflush(stderr);
    termios saved{};
    const bool tty = tcgetattr(STDIN_FILENO, &saved) == 0;
    if (tty) {
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    std::optional<std::string> line = first_line(std::cin);
    if (tty) tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::fprintf(stderr, "\n");
    return line;
}

}  // namespace

std::optional<std::string> read_password(const PasswordOptions& options, const std::string& user) {
    std::optional<std::string> password;
    if (options.from_stdin) {
        password = first_line(std::cin);
        if (!password) spdlog::error("--password-stdin: no password on standard input");
    } else if (!options.file.empty()) {
        std::ifstream in(options.file, std::ios::binary);
        if (!in) {
            spdlog::error("--password-file: cannot read {}", options.file);
            return std::nullopt;
        }
        password = first_line(in);
        if (!password) spdlog::error("--password-file: {} is empty", options.file);
    } else {
        if (isatty(STDIN_FILENO) != 1) {
            spdlog::error("no terminal to ask for the password of {}: use --password-stdin or --password-file", user);
            return std::nullopt;
        }
        password = prompt_without_echo("Password for " + user + ": ");
        const std::optional<std::string> again = password ? prompt_without_echo("Repeat the password: ") : std::nullopt;
        if (!again || *again != *password) {
            spdlog::error("the two passwords differ; nothing changed");
            return std::nullopt;
        }
    }
    if (password && password->empty()) {
        spdlog::error("an empty password is not allowed");
        return std::nullopt;
    }
    return password;
}

}  // namespace calbridge::cli
