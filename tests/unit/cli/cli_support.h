#pragma once
// Runs the real calbridge executable (CALBRIDGE_BINARY) in a scratch directory and reads what
// it wrote: exit status (or the signal that killed it), output, and the .ics files parsed back
// with libical.
#include "support/ical_checks.h"
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <libical/ical.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "converters/ical/ical_ptr.h"

namespace clitest {

namespace fs = std::filesystem;

inline std::string fixture(const std::string& name) { return std::string(CALBRIDGE_TEST_DATA) + "/" + name; }
inline std::string ost_path() { return fixture("outlook-com-calendar.ost"); }

// What the fixture holds (tests/data/README.md; `calbridge info` and pffexport agree).
inline constexpr std::size_t kOstItems = 169;  // 9 in Calendar + 160 in "United States holidays"

// A scratch directory, removed when the test ends.
class ScratchDir {
public:
    explicit ScratchDir(const std::string& name)
        : path_(fs::temp_directory_path() / ("calbridge-cli-" + name + "-" + std::to_string(::getpid()))) {
        std::error_code ec;
        fs::remove_all(path_, ec);
        fs::create_directories(path_);
    }
    ~ScratchDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const fs::path& path() const { return path_; }
    fs::path file(const std::string& name) const { return path_ / name; }

private:
    fs::path path_;
};

struct Run {
    int exit_code = -1;  // -1 when killed by a signal
    int signal = 0;
    std::string output;  // stdout, and stderr unless redirected

    // A crash: a signal, a shell-reported signal (128+n), or a sanitizer report.
    bool crashed() const {
        return signal != 0 || exit_code >= 128 || output.find("AddressSanitizer") != std::string::npos ||
               output.find("LeakSanitizer") != std::string::npos ||
               output.find("runtime error:") != std::string::npos;
    }
};

inline std::string quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// Runs `calbridge <args>` in `cwd`. stderr joins stdout unless `stderr_to` names a file.
inline Run run_calbridge(const std::string& args, const fs::path& cwd, const std::string& stderr_to = {}) {
    const std::string redirect = stderr_to.empty() ? " 2>&1" : " 2>" + quote(stderr_to);
    // exec: the status pclose reports is the binary's own, so a signal shows as a signal.
    const std::string cmd = "cd " + quote(cwd.string()) + " && exec " + quote(CALBRIDGE_BINARY) + " " + args + redirect;
    Run r;
    FILE* pipe = ::popen(cmd.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) r.output.append(buffer, n);
    const int status = ::pclose(pipe);
    if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
    return r;
}

inline std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

inline void write_bytes(const fs::path& p, const std::vector<char>& bytes) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline const std::vector<char>& ost_bytes() {
    static const std::vector<char> bytes = [] {
        std::ifstream in(ost_path(), std::ios::binary);
        return std::vector<char>(std::istreambuf_iterator<char>(in), {});
    }();
    return bytes;
}

using calbridge::test::count_xlic_errors;

// One exported .ics file as libical reads it.
struct IcsSummary {
    bool parsed = false;
    int xlic_errors = 0;
    std::size_t masters = 0;    // VEVENTs without RECURRENCE-ID
    std::size_t overrides = 0;  // VEVENTs with RECURRENCE-ID
    std::size_t vtimezones = 0;
};

inline IcsSummary read_ics(const fs::path& p) {
    IcsSummary s;
    calbridge::ical::ComponentPtr cal = calbridge::ical::parse_ics(read_text(p));
    if (!cal) return s;
    s.parsed = icalcomponent_isa(cal.get()) == ICAL_VCALENDAR_COMPONENT;
    s.xlic_errors = count_xlic_errors(cal.get());
    for (icalcomponent* e = icalcomponent_get_first_component(cal.get(), ICAL_VEVENT_COMPONENT); e;
         e = icalcomponent_get_next_component(cal.get(), ICAL_VEVENT_COMPONENT)) {
        if (icalcomponent_get_first_property(e, ICAL_RECURRENCEID_PROPERTY))
            ++s.overrides;
        else
            ++s.masters;
    }
    s.vtimezones = static_cast<std::size_t>(icalcomponent_count_components(cal.get(), ICAL_VTIMEZONE_COMPONENT));
    return s;
}

// Every .ics file under `dir`.
inline std::vector<fs::path> ics_files(const fs::path& dir) {
    std::vector<fs::path> out;
    if (!fs::exists(dir)) return out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file() && e.path().extension() == ".ics") out.push_back(e.path());
    return out;
}

}  // namespace clitest
