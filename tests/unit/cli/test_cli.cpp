// The calbridge executable, run as a user runs it: exit codes (gateway/cli/exit_codes.h),
// messages that name the file, and the .ics files it writes, read back with libical.
#include <nlohmann/json.hpp>

#include "cli_support.h"
#include "gateway/cli/exit_codes.h"

using namespace clitest;
using namespace calbridge::cli;

namespace {

struct DamagedResult {
    int exit_code = -1;
    std::size_t masters = 0;  // VEVENT masters in the files written
};

// Checks what a damaged input may produce: a clean refusal (2) or a partial export (3) whose
// files are valid iCalendar holding the readable items, or - when the damage missed every
// item - a full export (0). Never a crash. A partial export may hold every calendar item when
// what could not be read was another folder (exit_codes.h: "some items or folders").
DamagedResult check_damaged_input(const std::string& input, const ScratchDir& dir, const std::string& label) {
    const fs::path out = dir.file("out-" + label);
    Run r = run_calbridge("export " + quote(input) + " -o " + quote(out.string()), dir.path());
    INFO(label << ": exit " << r.exit_code << ", signal " << r.signal << "\n" << r.output.substr(0, 4000));
    CHECK_FALSE(r.crashed());
    CHECK((r.exit_code == kExitOk || r.exit_code == kExitCannotOpen || r.exit_code == kExitPartial));
    DamagedResult result{r.exit_code, 0};
    if (r.exit_code == kExitCannotOpen) {
        CHECK_THAT(r.output, Catch::Contains(input));
        CHECK(ics_files(out).empty());
    }
    if (r.exit_code == kExitOk || r.exit_code == kExitPartial) {
        std::size_t masters = 0;
        for (const fs::path& f : ics_files(out)) {
            INFO(f);
            IcsSummary s = read_ics(f);
            CHECK(s.parsed);
            CHECK(s.xlic_errors == 0);
            masters += s.masters;
        }
        if (r.exit_code == kExitOk) CHECK(masters == kOstItems);
        if (r.exit_code == kExitPartial) {
            CHECK(masters > 0);
            CHECK(masters <= kOstItems);
            CHECK_THAT(r.output, Catch::Contains("Partial export"));
        }
        result.masters = masters;
    }
    return result;
}

std::string damaged_copy(const ScratchDir& dir, const std::string& name, std::vector<char> bytes) {
    const fs::path p = dir.file(name);
    write_bytes(p, bytes);
    return p.string();
}

}  // namespace

TEST_CASE("inputs that are no PST/OST: exit 2 and a message naming the file", "[cli][bad]") {
    ScratchDir dir("notpst");
    std::string text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n";
    while (text.size() < 8192) text += "X-FILLER:this is a text file, not a PST\r\n";
    write_bytes(dir.file("notes.txt"), std::vector<char>(text.begin(), text.end()));
    write_bytes(dir.file("empty.pst"), {});
    const std::string files[] = {dir.file("notes.txt").string(), dir.file("empty.pst").string(),
                                 dir.file("does-not-exist.ost").string()};
    for (const std::string& f : files) {
        for (const char* command : {"export", "info"}) {
            Run r = run_calbridge(std::string(command) + " " + quote(f), dir.path());
            INFO(command << " " << f << "\n" << r.output);
            CHECK_FALSE(r.crashed());
            CHECK(r.exit_code == kExitCannotOpen);
            CHECK_THAT(r.output, Catch::Contains(f));
        }
    }
    CHECK(ics_files(dir.path()).empty());
    CHECK_FALSE(fs::exists(dir.file("calbridge-export")));
}

TEST_CASE("a bad command line: exit 1", "[cli][usage]") {
    ScratchDir dir("usage");
    CHECK(run_calbridge("", dir.path()).exit_code == kExitUsage);
    CHECK(run_calbridge("frobnicate", dir.path()).exit_code == kExitUsage);
    CHECK(run_calbridge("export", dir.path()).exit_code == kExitUsage);  // FILE is required
    Run both = run_calbridge("export " + quote(ost_path()) + " -o a --single b.ics", dir.path());
    CHECK(both.exit_code == kExitUsage);
}

TEST_CASE("the OST truncated to 64 KiB: refused with exit 2, no crash", "[cli][bad]") {
    ScratchDir dir("cut64k");
    auto bytes = ost_bytes();
    bytes.resize(64 * 1024);
    const std::string input = damaged_copy(dir, "cut-64k.ost", bytes);
    CHECK(check_damaged_input(input, dir, "64k").exit_code == kExitCannotOpen);
}

TEST_CASE("the OST cut in half: no crash, what is readable is exported", "[cli][bad]") {
    // The second half of this fixture is unused (tests/unit/pst/test_pst_bad_input.cpp: the
    // PST reader still yields all 169 items), so the export is complete.
    ScratchDir dir("half");
    auto bytes = ost_bytes();
    bytes.resize(bytes.size() / 2);
    const std::string input = damaged_copy(dir, "half.ost", bytes);
    DamagedResult r = check_damaged_input(input, dir, "half");
    CHECK(r.exit_code == kExitOk);
    CHECK(r.masters == kOstItems);
}

TEST_CASE("bytes flipped in calendar item data: partial export (exit 3), valid files, no crash", "[cli][bad]") {
    ScratchDir dir("flipped");
    // Candidate regions of 4 KiB below the index (which sits near 3 MiB), in a fixed order;
    // every one must be handled, and at least one must hit calendar items without hitting the
    // header or the folder tree: exit 3 with fewer than all items, the case this test is about.
    std::vector<std::size_t> partial;
    for (std::size_t offset : {std::size_t{512} << 10, std::size_t{768} << 10, std::size_t{1024} << 10,
                               std::size_t{1280} << 10, std::size_t{1536} << 10, std::size_t{2048} << 10,
                               std::size_t{2560} << 10, std::size_t{256} << 10}) {
        auto bytes = ost_bytes();
        REQUIRE(offset + 4096 < bytes.size());
        for (std::size_t i = offset; i < offset + 4096; ++i) bytes[i] = static_cast<char>(~bytes[i]);
        const std::string label = "flip-" + std::to_string(offset);
        const std::string input = damaged_copy(dir, label + ".ost", bytes);
        DamagedResult r = check_damaged_input(input, dir, label);
        if (r.exit_code == kExitPartial && r.masters < kOstItems) partial.push_back(offset);
        fs::remove(input);
    }
    INFO("offsets losing some calendar items: " << partial.size());
    CHECK_FALSE(partial.empty());
}

TEST_CASE("export with an unknown --folder: exit 1 and the list of calendar folders", "[cli][folder]") {
    ScratchDir dir("folder");
    Run r = run_calbridge("export " + quote(ost_path()) + " --folder Nope -o out", dir.path());
    INFO(r.output);
    CHECK(r.exit_code == kExitUsage);
    CHECK_THAT(r.output, Catch::Contains("Nope") && Catch::Contains("Calendar/United States holidays") &&
                             Catch::Contains("Calendar/Birthdays"));
    CHECK(ics_files(dir.path()).empty());
}

TEST_CASE("export with a known --folder exports that folder only", "[cli][folder]") {
    ScratchDir dir("onefolder");
    Run r = run_calbridge("export " + quote(ost_path()) + " --folder \"Calendar/United States holidays\" -o out",
                          dir.path());
    INFO(r.output);
    CHECK(r.exit_code == kExitOk);
    auto files = ics_files(dir.file("out"));
    REQUIRE(files.size() == 1);
    IcsSummary s = read_ics(files[0]);
    CHECK(s.xlic_errors == 0);
    CHECK(s.masters == 160);
}

TEST_CASE("export --single writes one file with every item", "[cli][export]") {
    ScratchDir dir("single");
    Run r = run_calbridge("export " + quote(ost_path()) + " --single out.ics", dir.path());
    INFO(r.output);
    CHECK_FALSE(r.crashed());
    CHECK(r.exit_code == kExitOk);
    auto files = ics_files(dir.path());
    REQUIRE(files.size() == 1);
    CHECK(files[0].filename() == "out.ics");
    // Nothing else is left in the directory (no side files, no default export folder).
    std::size_t entries = 0;
    for (const auto& e : fs::directory_iterator(dir.path())) entries += e.is_regular_file() || e.is_directory();
    CHECK(entries == 1);
    IcsSummary s = read_ics(files[0]);
    CHECK(s.parsed);
    CHECK(s.xlic_errors == 0);
    CHECK(s.masters == kOstItems);
    CHECK(s.vtimezones >= 1);  // the Pacific series carry a TZID
    CHECK_THAT(r.output, Catch::Contains("Exported 169 items"));
}

TEST_CASE("export -o writes one file per non-empty calendar folder", "[cli][export]") {
    ScratchDir dir("perfolder");
    Run r = run_calbridge("export " + quote(ost_path()) + " -o out", dir.path());
    INFO(r.output);
    CHECK(r.exit_code == kExitOk);
    CHECK(ics_files(dir.file("out")).size() == 2);  // Birthdays is empty: no file
    REQUIRE(fs::exists(dir.file("out/Calendar.ics")));
    REQUIRE(fs::exists(dir.file("out/Calendar/United States holidays.ics")));
    CHECK(read_ics(dir.file("out/Calendar.ics")).masters == 9);
    CHECK(read_ics(dir.file("out/Calendar/United States holidays.ics")).masters == 160);
}

TEST_CASE("an output that cannot be written: exit 4, not a partial export", "[cli][export]") {
    // exit_codes.h: 4 = "could not write the output"; 3 is for unreadable input only.
    ScratchDir dir("unwritable");
    SECTION("--single in a directory that cannot be created") {
        Run r = run_calbridge("export " + quote(ost_path()) + " --single /proc/calbridge-no-such-dir/out.ics",
                              dir.path());
        INFO(r.output);
        CHECK_FALSE(r.crashed());
        CHECK(r.exit_code == kExitOutputError);
        CHECK_THAT(r.output, Catch::Contains("/proc/calbridge-no-such-dir"));
    }
    SECTION("-o naming an existing regular file") {
        write_bytes(dir.file("taken"), {'x'});
        Run r = run_calbridge("export " + quote(ost_path()) + " -o taken", dir.path());
        INFO(r.output);
        CHECK_FALSE(r.crashed());
        CHECK(r.exit_code == kExitOutputError);
    }
}

TEST_CASE("info lists the three calendar folders with their item counts", "[cli][info]") {
    ScratchDir dir("info");
    Run r = run_calbridge("info " + quote(ost_path()), dir.path());
    INFO(r.output);
    CHECK(r.exit_code == kExitOk);
    CHECK_THAT(r.output, Catch::Contains("3 calendar folders"));
    CHECK_THAT(r.output, Catch::Matches("(.|\n)*\n  Calendar +9 items(.|\n)*"));
    CHECK_THAT(r.output, Catch::Matches("(.|\n)*\n  Calendar/United States holidays +160 items(.|\n)*"));
    CHECK_THAT(r.output, Catch::Matches("(.|\n)*\n  Calendar/Birthdays +0 items(.|\n)*"));
}

TEST_CASE("info --json is valid JSON with every item", "[cli][info]") {
    ScratchDir dir("json");
    Run r = run_calbridge("info --json " + quote(ost_path()), dir.path(), dir.file("stderr.txt").string());
    INFO(read_text(dir.file("stderr.txt")));
    CHECK(r.exit_code == kExitOk);
    nlohmann::json j;
    REQUIRE_NOTHROW(j = nlohmann::json::parse(r.output));
    REQUIRE(j["folders"].is_array());
    CHECK(j["folders"].size() == 3);
    std::size_t items = 0;
    for (const auto& f : j["folders"]) {
        INFO(f["path"]);
        CHECK(f["items"].size() == f["item_count"].get<std::size_t>());
        items += f["items"].size();
        for (const auto& item : f["items"]) {
            CHECK(item["uid"].is_string());
            CHECK_FALSE(item["uid"].get<std::string>().empty());
        }
    }
    CHECK(items == kOstItems);
}

TEST_CASE("a PST without calendars: exit 0 and 'no calendar folders'", "[cli][enron]") {
    ScratchDir dir("enron");
    Run r = run_calbridge("export " + quote(fixture("enron.pst")) + " -o out", dir.path());
    INFO(r.output);
    CHECK(r.exit_code == kExitOk);
    CHECK_THAT(r.output, Catch::Contains("no calendar folders"));
    CHECK(ics_files(dir.path()).empty());
    Run info = run_calbridge("info " + quote(fixture("enron.pst")), dir.path());
    CHECK(info.exit_code == kExitOk);
    CHECK_THAT(info.output, Catch::Contains("0 calendar folders"));
}
