// Bad input: missing files, non-PST files, truncated and damaged copies of the OST fixture.
// Each either fails to open with a PstOpenError naming the file, or opens and yields what
// can be read plus ReadProblems naming folder and item. Never a crash.
//
// Facts of this fixture (found with pffexport and by cutting the file): the OST's index sits
// near 3 MiB and its item data below it; the second half of the file is unused.
#include <catch2/catch.hpp>

#include <cstdint>

#include "converters/mapi/property_tags.h"
#include "pst_test_support.h"

using namespace calbridge;
using namespace calbridge::pst;
using namespace calbridge::pst::testing;

namespace {

struct WalkResult {
    std::size_t calendar_folders = 0;
    std::size_t items = 0;
    std::vector<ReadProblem> problems;
};

// Opens the file and reads every calendar item; PstOpenError propagates.
WalkResult walk(const std::string& path) {
    WalkResult result;
    auto file = PstFile::open(path);
    auto folders = file->calendar_folders(result.problems);
    result.calendar_folders = folders.size();
    for (const auto& folder : folders)
        file->for_each_item(folder, [&](mapi::Message&& m) {
            CHECK(!m.origin.empty());
            ++result.items;
            return true;
        }, result.problems);
    return result;
}

std::vector<char> ost_bytes() {
    static const std::vector<char> bytes = read_file(ost_path());
    return bytes;
}

std::string truncated_copy(const ScratchDir& dir, std::size_t size) {
    auto bytes = ost_bytes();
    bytes.resize(size);
    auto path = dir.file("truncated-" + std::to_string(size) + ".ost").string();
    write_file(path, bytes);
    return path;
}

std::string flipped_copy(const ScratchDir& dir, std::size_t offset, std::size_t length) {
    auto bytes = ost_bytes();
    for (std::size_t i = offset; i < offset + length && i < bytes.size(); ++i) bytes[i] = static_cast<char>(~bytes[i]);
    auto path = dir.file("flipped-" + std::to_string(offset) + ".ost").string();
    write_file(path, bytes);
    return path;
}

}  // namespace

TEST_CASE("a missing file, a directory, an empty and a text file do not open", "[pst][bad]") {
    ScratchDir dir("notpst");
    CHECK_THROWS_WITH(PstFile::open(dir.file("nope.pst").string()),
                      Catch::Contains("nope.pst: cannot open: no such file"));
    CHECK_THROWS_WITH(PstFile::open(dir.file("").string()), Catch::Contains("is a directory"));

    write_file(dir.file("empty.pst"), {});
    CHECK_THROWS_WITH(PstFile::open(dir.file("empty.pst").string()),
                      Catch::Contains("empty.pst: not an Outlook PST/OST file (0 bytes)"));

    std::string text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n";
    while (text.size() < 4096) text += "X-FILLER:this is a text file, not a PST\r\n";
    write_file(dir.file("calendar.txt"), std::vector<char>(text.begin(), text.end()));
    CHECK_THROWS_WITH(PstFile::open(dir.file("calendar.txt").string()),
                      Catch::Contains("calendar.txt: not an Outlook PST/OST file (bad signature)"));
    CHECK_THROWS_AS(PstFile::open(dir.file("calendar.txt").string()), PstOpenError);
}

TEST_CASE("the OST cut inside its header or before its index does not open", "[pst][bad]") {
    ScratchDir dir("truncated");
    // 300 bytes: the signature is there, the header is not complete.
    CHECK_THROWS_WITH(PstFile::open(truncated_copy(dir, 300)),
                      Catch::Contains("damaged or truncated Outlook PST/OST file") &&
                          Catch::Contains("file is 300 bytes"));
    // 4 KiB and 1 MiB: the header is whole, the index and the root folder are past the cut.
    for (std::size_t size : {std::size_t{4096}, std::size_t{1} << 20}) {
        INFO("size " << size);
        CHECK_THROWS_WITH(PstFile::open(truncated_copy(dir, size)),
                          Catch::Contains("the root folder cannot be read") &&
                              Catch::Contains("file is " + std::to_string(size) + " bytes"));
    }
}

TEST_CASE("the OST cut in half still yields every calendar item", "[pst][bad]") {
    ScratchDir dir("half");
    auto result = walk(truncated_copy(dir, ost_bytes().size() / 2));
    CHECK(result.calendar_folders == 3);
    CHECK(result.items == 169);
    CHECK(result.problems.empty());
}

TEST_CASE("bytes flipped in the unused middle of the OST change nothing", "[pst][bad]") {
    ScratchDir dir("middle");
    auto result = walk(flipped_copy(dir, ost_bytes().size() / 2, 4096));
    CHECK(result.items == 169);
    CHECK(result.problems.empty());
}

TEST_CASE("bytes flipped in item data: those items become problems, the others are yielded", "[pst][bad]") {
    ScratchDir dir("flipped");
    // 4 KiB at 512 KiB holds the property blocks of three holidays.
    auto result = walk(flipped_copy(dir, 512 * 1024, 4096));
    CHECK(result.calendar_folders == 3);
    CHECK(result.items == 166);
    REQUIRE(result.problems.size() == 3);
    for (const auto& p : result.problems) {
        CHECK(p.where.rfind("Calendar/United States holidays, item 0x", 0) == 0);
        CHECK_THAT(p.message, Catch::StartsWith("reading the properties: "));
    }
    CHECK(result.items + result.problems.size() == 169);
}

TEST_CASE("scattered bit flips: an open error or a walk that finishes", "[pst][bad]") {
    ScratchDir dir("bits");
    const auto original = ost_bytes();
    std::uint64_t state = 0x9E3779B97F4A7C15ull;
    auto next = [&state] {  // xorshift64: the same flips on every run
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    int opened = 0, refused = 0;
    for (int round = 0; round < 8; ++round) {
        auto bytes = original;
        // 300 single-bit flips within the first 3.5 MiB, where this file's data and index are.
        for (int k = 0; k < 300; ++k) {
            auto at = static_cast<std::size_t>(next() % (7u << 19));
            bytes[at] = static_cast<char>(bytes[at] ^ (1 << (next() % 8)));
        }
        auto path = dir.file("bits-" + std::to_string(round) + ".ost").string();
        write_file(path, bytes);
        INFO("round " << round);
        try {
            auto result = walk(path);
            ++opened;
            CHECK(result.items <= 169);
            for (const auto& p : result.problems) {
                CHECK(!p.where.empty());
                CHECK(!p.message.empty());
            }
        } catch (const PstOpenError& e) {
            ++refused;
            CHECK_THAT(std::string(e.what()), Catch::StartsWith(path + ": "));
        }
    }
    CHECK(opened + refused == 8);
}
