// The shortcuts converters/pst takes for speed must not change what is read:
// - UTF-16LE -> UTF-8 converts runs of ASCII several units at a time;
// - calendar_folders() records each folder's item ids in contents-table order, and
//   for_each_item() opens items by those ids instead of reading the contents table again.
#include <catch2/catch.hpp>

#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "converters/mapi/property_tags.h"
#include "converters/pst/text_decoding.h"
#include "pst_test_support.h"

using namespace calbridge;
using namespace calbridge::pst;
using namespace calbridge::pst::testing;

namespace {

mapi::Bytes utf16le(const std::u16string& s) {
    mapi::Bytes out;
    for (char16_t c : s) {
        out.push_back(static_cast<std::uint8_t>(c & 0xFF));
        out.push_back(static_cast<std::uint8_t>(c >> 8));
    }
    return out;
}

// A string of n ASCII letters, cycling through the alphabet.
std::string ascii(std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += static_cast<char>('a' + i % 26);
    return s;
}

std::u16string widen(const std::string& s) { return std::u16string(s.begin(), s.end()); }

struct Message {
    std::string origin;
    std::size_t tagged = 0, named = 0, recipients = 0, attachments = 0;
    std::string subject;
};

std::vector<Message> read_all(PstFile& file, const CalendarFolder& folder, std::vector<ReadProblem>& problems,
                              ItemRange range = {}) {
    std::vector<Message> out;
    file.for_each_item(folder, [&](mapi::Message&& m) {
        out.push_back({m.origin, m.props.tagged().size(), m.props.named().size(), m.recipients.size(),
                       m.attachments.size(), m.props.string(mapi::tag::Subject).value_or("")});
        return true;
    }, problems, range);
    return out;
}

void check_same(const std::vector<Message>& a, const std::vector<Message>& b) {
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        INFO("item " << i << ": " << a[i].origin);
        CHECK(a[i].origin == b[i].origin);
        CHECK(a[i].tagged == b[i].tagged);
        CHECK(a[i].named == b[i].named);
        CHECK(a[i].recipients == b[i].recipients);
        CHECK(a[i].attachments == b[i].attachments);
        CHECK(a[i].subject == b[i].subject);
    }
}

}  // namespace

TEST_CASE("UTF-16LE runs of ASCII around a non-ASCII character at every position", "[pst][decode]") {
    struct Special {
        std::u16string utf16;
        std::string utf8;
    };
    const std::vector<Special> specials = {
        {u"\u00E9", "\xC3\xA9"},                  // 2-byte UTF-8
        {u"\u20AC", "\xE2\x82\xAC"},              // 3-byte UTF-8
        {u"\U0001F600", "\xF0\x9F\x98\x80"},      // surrogate pair, 4-byte UTF-8
        {std::u16string(1, char16_t(0xDC00)), "\xEF\xBF\xBD"},  // lone low surrogate -> U+FFFD
        {u"\u0080", "\xC2\x80"},                  // first code point past ASCII
    };
    for (const auto& special : specials) {
        for (std::size_t before = 0; before <= 19; ++before) {
            for (std::size_t after : {0u, 1u, 3u, 7u, 8u, 9u, 17u}) {
                std::string prefix = ascii(before), suffix = ascii(after);
                auto bytes = utf16le(widen(prefix) + special.utf16 + widen(suffix));
                INFO("before " << before << ", after " << after);
                CHECK(utf16le_to_utf8(bytes) == prefix + special.utf8 + suffix);
            }
        }
    }
    // Pure ASCII of every length up to a few blocks, with and without trailing NULs.
    for (std::size_t n = 0; n <= 40; ++n) {
        CHECK(utf16le_to_utf8(utf16le(widen(ascii(n)))) == ascii(n));
        CHECK(utf16le_to_utf8(utf16le(widen(ascii(n)) + std::u16string(3, u'\0'))) == ascii(n));
    }
    // DEL (0x7F) is ASCII; U+0100 has a clear low byte but is not.
    CHECK(utf16le_to_utf8(utf16le(u"abcdefg\x7F" u"abcdefgh")) == "abcdefg\x7F" "abcdefgh");
    CHECK(utf16le_to_utf8(utf16le(u"abcdefg\u0100" u"abcdefgh")) == "abcdefg\xC4\x80" "abcdefgh");
    // An odd trailing byte after a long ASCII run.
    auto odd = utf16le(widen(ascii(16)));
    odd.push_back('x');
    CHECK(utf16le_to_utf8(odd) == ascii(16) + "\xEF\xBF\xBD");
}

TEST_CASE("calendar folders carry their item ids, reading by id equals reading the contents table",
          "[pst][ost]") {
    auto file = PstFile::open(ost_path());
    std::vector<ReadProblem> problems;
    auto calendars = file->calendar_folders(problems);
    REQUIRE(calendars.size() == 3);
    for (const auto& folder : calendars) {
        INFO(folder.path);
        CHECK(folder.item_ids.size() == static_cast<std::size_t>(folder.item_count));
        CHECK(std::set<std::uint32_t>(folder.item_ids.begin(), folder.item_ids.end()).size() ==
              folder.item_ids.size());
        for (std::uint32_t id : folder.item_ids) CHECK((id & 0x1F) == 0x04);  // NID_TYPE_NORMAL_MESSAGE (MS-PST 2.2.2.1)
    }

    // The same folders without ids: for_each_item reads the contents table itself (another
    // PstFile, so that nothing is shared with the first).
    auto other = PstFile::open(ost_path());
    for (const auto& folder : calendars) {
        CalendarFolder by_table = folder;
        by_table.item_ids.clear();
        std::vector<ReadProblem> p1, p2;
        auto via_ids = read_all(*file, folder, p1);
        auto via_table = read_all(*other, by_table, p2);
        CHECK(p1.empty());
        CHECK(p2.empty());
        CHECK(via_ids.size() == static_cast<std::size_t>(folder.item_count));
        check_same(via_ids, via_table);
        // Each id names the item read at its position.
        for (std::size_t i = 0; i < via_ids.size(); ++i) {
            char hex[16];
            std::snprintf(hex, sizeof hex, "0x%x", static_cast<unsigned>(folder.item_ids[i]));
            CHECK(via_ids[i].origin == folder.path + ", item " + hex);
        }
    }

    // Ranges (as the parallel export reads them) give the same items, in order.
    const CalendarFolder& holidays = calendars[1];
    REQUIRE(holidays.item_count == 160);
    std::vector<ReadProblem> p;
    auto whole = read_all(*file, holidays, p);
    std::vector<Message> pieces;
    for (int first = 0; first < holidays.item_count; first += 7)
        for (auto& m : read_all(*file, holidays, p, ItemRange{first, 7})) pieces.push_back(m);
    check_same(whole, pieces);
    CHECK(p.empty());
}

TEST_CASE("all_folders() lists item counts but no ids, an unknown id is a problem, not a crash", "[pst][ost]") {
    auto file = PstFile::open(ost_path());
    std::vector<ReadProblem> problems;
    for (const auto& folder : file->all_folders(problems)) CHECK(folder.item_ids.empty());

    auto calendars = file->calendar_folders(problems);
    REQUIRE(!calendars.empty());
    CalendarFolder broken = calendars[0];
    REQUIRE(broken.item_ids.size() >= 2);
    broken.item_ids[0] = 0x7FFFFFE4;  // a normal-message id that is not in the folder
    std::vector<ReadProblem> p;
    auto items = read_all(*file, broken, p);
    CHECK(items.size() == broken.item_ids.size() - 1);
    REQUIRE(p.size() == 1);
    CHECK(p[0].where == broken.path + ", item #1");
    CHECK(p[0].message == "opening the item: unable to retrieve sub message tree node");
}
