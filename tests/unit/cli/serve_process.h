#pragma once
// `calbridge serve` as a child process: started with a pipe on stdout, its first line read with
// a deadline, stopped with a signal and reaped with a deadline, so no test can hang on it.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace clitest {

class ServeProcess {
public:
    // Runs CALBRIDGE_BINARY with args in cwd; stderr goes to stderr_file.
    ServeProcess(const std::vector<std::string>& args, const std::string& cwd, const std::string& stderr_file) {
        int out[2];
        REQUIRE(::pipe(out) == 0);
        pid_ = ::fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            ::dup2(out[1], STDOUT_FILENO);
            ::close(out[0]);
            ::close(out[1]);
            if (FILE* err = std::freopen(stderr_file.c_str(), "w", stderr); !err) ::_exit(126);
            if (::chdir(cwd.c_str()) != 0) ::_exit(126);
            std::vector<char*> argv;
            std::string binary = CALBRIDGE_BINARY;
            argv.push_back(binary.data());
            std::vector<std::string> copy = args;
            for (std::string& a : copy) argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execv(binary.c_str(), argv.data());
            ::_exit(127);
        }
        ::close(out[1]);
        stdout_ = out[0];
    }
    ~ServeProcess() {
        if (pid_ > 0 && !exit_status_) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        if (stdout_ >= 0) ::close(stdout_);
    }
    ServeProcess(const ServeProcess&) = delete;
    ServeProcess& operator=(const ServeProcess&) = delete;

    // The first line on stdout, or nullopt when none came within the deadline (or it exited).
    std::optional<std::string> first_line(std::chrono::milliseconds deadline) {
        const auto end = std::chrono::steady_clock::now() + deadline;
        std::string line;
        while (std::chrono::steady_clock::now() < end) {
            pollfd p{stdout_, POLLIN, 0};
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
            if (::poll(&p, 1, static_cast<int>(std::max<long long>(1, left.count()))) <= 0) continue;
            char c;
            if (::read(stdout_, &c, 1) != 1) return std::nullopt;
            if (c == '\n') return line;
            line.push_back(c);
        }
        return std::nullopt;
    }

    void signal(int sig) { ::kill(pid_, sig); }

    // The exit code after it ended within the deadline; -1 killed by a signal; nullopt: still running.
    std::optional<int> wait(std::chrono::milliseconds deadline) {
        const auto end = std::chrono::steady_clock::now() + deadline;
        while (true) {
            int status = 0;
            const pid_t done = ::waitpid(pid_, &status, WNOHANG);
            if (done == pid_) {
                exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
                return exit_status_;
            }
            if (std::chrono::steady_clock::now() >= end) return std::nullopt;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling a child's exit
        }
    }

private:
    pid_t pid_ = -1;
    int stdout_ = -1;
    std::optional<int> exit_status_;
};

}  // namespace clitest
