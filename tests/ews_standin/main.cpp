// ews-standin: the EWS stand-in as a program, for Python tests and benches.
//   ews-standin [--port N] [--port-file F] [--schema WRAPPER.xsd]
//               --user EMAIL:PASSWORD ... [--share OWNER:READER ...] [--quiet]
// Prints "port N" on stdout once it listens (and writes N to F, atomically), serves until
// SIGTERM/SIGINT. --share: OWNER's calendar readable (not writable) by READER.
#include "ews_standin/ews_standin.h"

#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>

namespace {
std::pair<std::string, std::string> split(const std::string& s, const char* flag) {
    auto colon = s.find(':');
    if (colon == std::string::npos) {
        std::cerr << "ews-standin: " << flag << " expects A:B, got '" << s << "'\n";
        std::exit(2);
    }
    return {s.substr(0, colon), s.substr(colon + 1)};
}
}  // namespace

int main(int argc, char** argv) {
    calbridge::ews_standin::StandinOptions options;
    std::string port_file;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::cerr << "ews-standin: " << a << " needs a value\n";
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--port") options.port = std::atoi(value().c_str());
        else if (a == "--port-file") port_file = value();
        else if (a == "--schema") options.schema = value();
        else if (a == "--user") options.users.push_back(split(value(), "--user"));
        else if (a == "--share") options.shares.push_back(split(value(), "--share"));
        else if (a == "--quiet") spdlog::set_level(spdlog::level::warn);
        else {
            std::cerr << "usage: ews-standin [--port N] [--port-file F] [--schema F] [--quiet] --user EMAIL:PASSWORD ... "
                         "[--share OWNER:READER ...]\n";
            return 2;
        }
    }
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // the server threads inherit the mask
    try {
        calbridge::ews_standin::EwsStandin server(options);
        server.start();
        if (!port_file.empty()) {
            std::ofstream tmp(port_file + ".tmp");
            tmp << server.port() << "\n";
            tmp.close();
            std::rename((port_file + ".tmp").c_str(), port_file.c_str());
        }
        std::cout << "port " << server.port() << std::endl;
        int sig = 0;
        sigwait(&signals, &sig);
        // No state to keep: exit at once rather than wait for clients' idle keep-alive
        // connections (EwsStandin::stop() would).
        std::cout.flush();
        std::_Exit(0);
    } catch (const std::exception& e) {
        std::cerr << "ews-standin: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
