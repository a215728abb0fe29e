// The Outlook.com OST fixture (4k pages): folders, the 9 items of "Calendar" and the 160
// holidays. Expected values were read off pffexport 20180714 (Appointment.txt,
// Recipients.txt, RecipientsItemValues.txt, exported attachment files and their CRC-32),
// an independent reading of the same file.
#include <catch2/catch.hpp>

#include <chrono>
#include <iostream>
#include <map>
#include <set>

#include "converters/mapi/property_tags.h"
#include "converters/mapi/time_units.h"
#include "pst_test_support.h"

// AddressSanitizer builds: GCC defines __SANITIZE_ADDRESS__, clang answers __has_feature.
#if defined(__SANITIZE_ADDRESS__)
#define CALBRIDGE_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CALBRIDGE_UNDER_ASAN 1
#endif
#endif
#ifndef CALBRIDGE_UNDER_ASAN
#define CALBRIDGE_UNDER_ASAN 0
#endif

using namespace calbridge;
using namespace calbridge::pst;
using namespace calbridge::pst::testing;

namespace {

mapi::FileTime utc(int y, int mo, int d, int h, int mi) {
    return mapi::filetime_from_unix(mapi::unix_from_civil({y, mo, d, h, mi, 0}));
}

struct ExpectedAttachment {
    const char* file_name;
    std::size_t size;
    std::uint32_t crc;
};

struct ExpectedRecipient {
    const char* display_name;
    const char* address_type;
    std::int64_t track_status;
};

struct ExpectedItem {
    const char* subject;
    mapi::FileTime start, end;
    std::int64_t duration_minutes;
    std::int64_t busy_status;
    const char* recurrence_pattern;  // "" when not recurring
    std::vector<ExpectedRecipient> recipients;
    std::vector<ExpectedAttachment> attachments;
};

constexpr const char* kOwner = "pstextractortest@outlook.com";
constexpr const char* kEd = "epfromer@gmail.com";

// pffexport: Calendar/Appointment00001..00009, in libpff's order.
std::vector<ExpectedItem> expected_calendar() {
    return {
        {"repeats every monday for 10 weeks", utc(2021, 8, 9, 17, 0), utc(2021, 8, 9, 18, 0), 60, 2,
         "every Monday from 10:00 AM to 11:00 AM", {{kOwner, "EX", 0}}, {}},
        {"repeats for 3 days", utc(2021, 8, 10, 19, 0), utc(2021, 8, 10, 19, 30), 30, 2,
         "every day from 12:00 PM to 12:30 PM", {{kOwner, "EX", 0}}, {}},
        {"just a regular meeting", utc(2021, 8, 13, 21, 0), utc(2021, 8, 13, 21, 30), 30, 2, "", {}, {}},
        {"Occurs every August 13 effective 8/13/2021 from 10:00 AM to 10:30 AM", utc(2021, 8, 13, 17, 0),
         utc(2021, 8, 13, 17, 30), 30, 2, "every August 13 from 10:00 AM to 10:30 AM", {{kOwner, "EX", 0}}, {}},
        {"meeting from Ed", utc(2021, 8, 13, 22, 0), utc(2021, 8, 13, 22, 30), 30, 2, "",
         {{kEd, "SMTP", 0}, {kOwner, "SMTP", 0}}, {{"invite.ics", 1436, 0xfc3c1bc5}}},
        {"unanswered meeting", utc(2021, 8, 14, 0, 0), utc(2021, 8, 15, 0, 0), 1440, 0, "",
         {{kEd, "SMTP", 0}, {kOwner, "SMTP", 0}}, {{"invite.ics", 1373, 0x7065abbc}}},
        {"all day event for 3 days", utc(2021, 8, 15, 7, 0), utc(2021, 8, 18, 7, 0), 4320, 0, "",
         {{kOwner, "EX", 0}}, {}},
        {"meeting with attachments", utc(2021, 8, 17, 0, 0), utc(2021, 8, 18, 0, 0), 1440, 0, "",
         {{kEd, "SMTP", 0}, {kOwner, "SMTP", 0}},
         {{"view.url", 110, 0x26885a3e}, {"view.url", 110, 0x3527ad1b}, {"invite.ics", 1754, 0xb4cbe149}}},
        {"meeting with attachments (jpg, pdf, text)", utc(2021, 8, 24, 17, 0), utc(2021, 8, 24, 18, 0), 60, 2, "",
         {{kOwner, "EX", 0}, {kEd, "SMTP", 3}},
         {{"primoz-roglic-of-slovenia-and-team-jumbo-visma-red-leader-news-photo-162....jpg", 79653, 0xafc9873a},
          {"Clinometer Usage.pdf", 87069, 0x8080c4ae},
          {"text.txt", 18, 0x2d2e808c}}},
    };
}

// MS-OXOCAL 2.2.1.27: every PidLidGlobalObjectId starts with this 16-byte Byte Array ID.
const mapi::Bytes kGlobalObjectIdPrefix = {0x04, 0x00, 0x00, 0x00, 0x82, 0x00, 0xE0, 0x00,
                                           0x74, 0xC5, 0xB7, 0x10, 0x1A, 0x82, 0xE0, 0x08};

}  // namespace

TEST_CASE("the Outlook.com OST is a 4k-page OST with three calendar folders", "[pst][ost]") {
    auto file = PstFile::open(ost_path());
    CHECK(file->kind() == FileKind::Ost4k);
    CHECK(std::string(to_string(file->kind())) == "OST (4k pages)");
    CHECK(file->path() == ost_path());

    std::vector<ReadProblem> problems;
    auto calendars = file->calendar_folders(problems);
    CHECK(problems.empty());
    REQUIRE(calendars.size() == 3);
    CHECK(calendars[0].path == "Calendar");
    CHECK(calendars[0].display_name == "Calendar");
    CHECK(calendars[0].container_class == "IPF.Appointment");
    CHECK(calendars[0].item_count == 9);
    CHECK(calendars[1].path == "Calendar/United States holidays");
    CHECK(calendars[1].display_name == "United States holidays");
    CHECK(calendars[1].container_class == "IPF.Appointment");
    CHECK(calendars[1].item_count == 160);
    CHECK(calendars[2].path == "Calendar/Birthdays");
    CHECK(calendars[2].container_class == "IPF.Appointment.Birthday");
    CHECK(calendars[2].item_count == 0);
}

TEST_CASE("OST folders are listed below the mailbox's IPM_SUBTREE, as Outlook shows them", "[pst][ost]") {
    // The OST's message store has no PidTagIpmSubtreeEntryId; the IPM subtree is
    // "Root - Mailbox/IPM_SUBTREE" (pffexport's folder tree).
    auto file = PstFile::open(ost_path());
    std::vector<ReadProblem> problems;
    auto folders = file->all_folders(problems);
    CHECK(problems.empty());
    REQUIRE(find_folder(folders, "Inbox") != nullptr);
    CHECK(find_folder(folders, "Inbox")->item_count == 10);
    CHECK(find_folder(folders, "Inbox")->container_class == "IPF.Note");
    CHECK(find_folder(folders, "Sent Items")->item_count == 2);
    CHECK(find_folder(folders, "Deleted Items")->item_count == 1);
    CHECK(find_folder(folders, "Contacts/Recipient Cache") != nullptr);
    CHECK(find_folder(folders, "Sync Issues/Conflicts") != nullptr);
    // Nothing from outside the IPM subtree (search folders, public folders).
    for (const auto& f : folders) {
        CHECK(f.path.find("Root - ") == std::string::npos);
        CHECK(f.path.find("Finder") == std::string::npos);
    }
    std::set<std::uint32_t> ids;
    for (const auto& f : folders) ids.insert(f.identifier);
    CHECK(ids.size() == folders.size());
}

TEST_CASE("the 9 items of Calendar: subjects, times, recurrence, recipients, attachments", "[pst][ost]") {
    auto file = PstFile::open(ost_path());
    std::vector<ReadProblem> problems;
    auto calendars = file->calendar_folders(problems);
    const CalendarFolder* calendar = find_folder(calendars, "Calendar");
    REQUIRE(calendar != nullptr);
    auto items = read_items(*file, *calendar, problems);
    CHECK(problems.empty());
    auto expected = expected_calendar();
    REQUIRE(items.size() == expected.size());

    std::set<std::string> origins;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& m = items[i];
        const auto& e = expected[i];
        INFO("item " << i + 1 << ": " << e.subject);
        // The subject's 0x01 control prefix (stored before the text in the OST) is gone.
        CHECK(m.props.string(mapi::tag::Subject) == e.subject);
        CHECK(m.props.string(mapi::tag::MessageClass) == "IPM.Appointment");
        CHECK(m.origin.rfind("Calendar, item 0x", 0) == 0);
        origins.insert(m.origin);

        // Named properties resolved through the name-to-id map (PSETID_Appointment LIDs).
        CHECK(m.props.time(mapi::lid::AppointmentStartWhole) == e.start);
        CHECK(m.props.time(mapi::lid::AppointmentEndWhole) == e.end);
        CHECK(m.props.integer(mapi::lid::AppointmentDuration) == e.duration_minutes);
        CHECK(m.props.integer(mapi::lid::BusyStatus) == e.busy_status);
        bool recurring = std::string(e.recurrence_pattern) != "";
        CHECK(m.props.boolean(mapi::lid::Recurring).value_or(false) == recurring);
        CHECK((m.props.binary(mapi::lid::AppointmentRecur) != nullptr) == recurring);
        if (recurring) {
            CHECK(m.props.string(mapi::lid::RecurrencePattern) == e.recurrence_pattern);
            CHECK(m.props.binary(mapi::lid::AppointmentRecur)->size() > 20);
        }
        const mapi::Bytes* goid = m.props.binary(mapi::lid::GlobalObjectId);
        REQUIRE(goid != nullptr);
        REQUIRE(goid->size() >= 40);  // MS-OXOCAL 2.2.1.27: 16 + 4 + 8 + 8 + 4 bytes at least
        CHECK(mapi::Bytes(goid->begin(), goid->begin() + 16) == kGlobalObjectIdPrefix);

        REQUIRE(m.recipients.size() == e.recipients.size());
        for (std::size_t r = 0; r < e.recipients.size(); ++r) {
            const auto& bag = m.recipients[r];
            INFO("recipient " << r + 1);
            CHECK(bag.string(mapi::tag::DisplayName) == e.recipients[r].display_name);
            CHECK(bag.string(mapi::tag::AddressType) == e.recipients[r].address_type);
            CHECK(bag.string(mapi::tag::SmtpAddress) == e.recipients[r].display_name);
            CHECK(bag.integer(mapi::tag::RecipientType) == 1);  // MAPI_TO
            CHECK(bag.integer(mapi::tag::RecipientTrackStatus) == e.recipients[r].track_status);
        }

        REQUIRE(m.attachments.size() == e.attachments.size());
        for (std::size_t a = 0; a < e.attachments.size(); ++a) {
            const auto& att = m.attachments[a];
            INFO("attachment " << a + 1);
            CHECK(att.props.string(mapi::tag::AttachLongFilename) == e.attachments[a].file_name);
            CHECK(att.props.integer(mapi::tag::AttachMethod) == 1);  // afByValue
            CHECK(att.embedded == nullptr);                           // no embedded messages here
            const mapi::Bytes* data = att.props.binary(mapi::tag::AttachDataBinary);
            REQUIRE(data != nullptr);
            CHECK(data->size() == e.attachments[a].size);
            CHECK(crc32(*data) == e.attachments[a].crc);
        }
    }
    CHECK(origins.size() == items.size());

    // Meeting details of the last item.
    const auto& last = items.back();
    CHECK(last.props.string(mapi::lid::Location) == "home office");
    CHECK(last.props.string(mapi::tag::SenderName) == kOwner);
    CHECK(last.props.string(mapi::tag::SentRepresentingName) == kOwner);
    // Attachment details the file carries (pffexport does not print them).
    CHECK(items[4].attachments[0].props.string(mapi::tag::AttachMimeTag) == "application/ics");
    CHECK(items[8].attachments[0].props.string(mapi::tag::AttachExtension) == ".jpg");
    CHECK(items[8].attachments[1].props.string(mapi::tag::AttachExtension) == ".pdf");
    CHECK(items[8].attachments[1].props.integer(mapi::tag::AttachSize).value_or(0) > 87069);
}

TEST_CASE("string-named and multi-valued named properties come through", "[pst][ost]") {
    auto file = PstFile::open(ost_path());
    std::vector<ReadProblem> problems;
    auto calendar = *find_folder(file->calendar_folders(problems), "Calendar");
    auto items = read_items(*file, calendar, problems);
    REQUIRE(problems.empty());
    const mapi::NamedProp transparent{mapi::psetid::PublicStrings, 0, "urn:schemas:calendar:transparent"};
    const mapi::Guid key_phrase_set = mapi::Guid::parse("F68DE012-ECEF-4E8E-BEB5-D1DE5B08E2AE");
    const mapi::NamedProp key_phrases{key_phrase_set, 0, "KeyPhrases"};
    const mapi::NamedProp key_phrase_scores{key_phrase_set, 0, "KPRelevanceScoresInt32"};
    int with_transparent = 0, with_phrases = 0;
    for (const auto& m : items) {
        if (auto t = m.props.string(transparent)) {
            ++with_transparent;
            CHECK((*t == "TRANSPARENT" || *t == "OPAQUE"));
        }
        if (auto phrases = m.props.strings(key_phrases)) {
            ++with_phrases;
            CHECK(!phrases->empty());
            for (const auto& p : *phrases) CHECK(!p.empty());
            // One relevance score per key phrase (PtypMultipleInteger32 next to PtypMultipleString).
            const auto* scores = std::get_if<std::vector<std::int32_t>>(m.props.get(key_phrase_scores));
            REQUIRE(scores != nullptr);
            CHECK(scores->size() == phrases->size());
        }
    }
    CHECK(with_transparent > 0);
    CHECK(with_phrases > 0);
}

TEST_CASE("the 160 holidays and the empty Birthdays folder", "[pst][ost]") {
    auto file = PstFile::open(ost_path());
    std::vector<ReadProblem> problems;
    auto calendars = file->calendar_folders(problems);
    auto holidays = read_items(*file, *find_folder(calendars, "Calendar/United States holidays"), problems);
    auto birthdays = read_items(*file, *find_folder(calendars, "Calendar/Birthdays"), problems);
    CHECK(problems.empty());
    CHECK(birthdays.empty());
    REQUIRE(holidays.size() == 160);

    std::map<std::string, int> subjects;
    for (const auto& m : holidays) {
        subjects[m.props.string(mapi::tag::Subject).value_or("")]++;
        CHECK(m.recipients.empty());
        CHECK(m.attachments.empty());
        CHECK(m.props.time(mapi::lid::AppointmentStartWhole).has_value());
        CHECK(m.origin.rfind("Calendar/United States holidays, item 0x", 0) == 0);
    }
    // Fixed-date holidays are one yearly series each; the others are one item per year.
    // So an item is recurring (flag and blob) exactly when its subject occurs once.
    int recurring = 0;
    for (const auto& m : holidays) {
        bool once = subjects[m.props.string(mapi::tag::Subject).value_or("")] == 1;
        INFO(m.props.string(mapi::tag::Subject).value_or(""));
        CHECK(m.props.boolean(mapi::lid::Recurring).value_or(false) == once);
        CHECK((m.props.binary(mapi::lid::AppointmentRecur) != nullptr) == once);
        recurring += once ? 1 : 0;
    }
    CHECK(recurring == 13);
    // pffexport: 30 distinct subjects.
    CHECK(subjects.size() == 30);
    CHECK(subjects["Thanksgiving Day"] == 11);
    CHECK(subjects["Martin Luther King Day"] == 10);
    CHECK(subjects["Independence Day (Observed)"] == 3);
    CHECK(subjects["Juneteenth"] == 1);
    CHECK(subjects["Presidents' Day"] == 10);
}

TEST_CASE("returning false from on_item stops the walk", "[pst][ost]") {
    auto file = PstFile::open(ost_path());
    std::vector<ReadProblem> problems;
    auto holidays = *find_folder(file->calendar_folders(problems), "Calendar/United States holidays");
    int seen = 0;
    file->for_each_item(holidays, [&](mapi::Message&&) { return ++seen < 5; }, problems);
    CHECK(seen == 5);
    CHECK(problems.empty());
}

TEST_CASE("reading all 169 calendar items: time, and memory that does not grow", "[pst][ost][perf]") {
    using clock = std::chrono::steady_clock;
    auto ms_since = [](clock::time_point t) {
        return std::chrono::duration<double, std::milli>(clock::now() - t).count();
    };
    auto open_start = clock::now();
    auto file = PstFile::open(ost_path());
    double open_ms = ms_since(open_start);
    std::vector<ReadProblem> problems;
    auto list_start = clock::now();
    auto folders = file->calendar_folders(problems);
    double list_ms = ms_since(list_start);
    auto read_all = [&] {
        int count = 0;
        for (const auto& folder : folders)
            file->for_each_item(folder, [&](mapi::Message&& m) {
                count += m.props.empty() ? 0 : 1;
                return true;
            }, problems);
        return count;
    };
    auto resident_kib = [] {
        long pages = 0, resident = 0;
        if (FILE* f = std::fopen("/proc/self/statm", "r")) {
            if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
            std::fclose(f);
        }
        return resident * (::sysconf(_SC_PAGESIZE) / 1024);
    };

    auto first_start = clock::now();
    CHECK(read_all() == 169);
    double first_ms = ms_since(first_start);
    long after_first = resident_kib();
    double best_ms = first_ms;
    for (int pass = 0; pass < 5; ++pass) {
        auto start = clock::now();
        CHECK(read_all() == 169);
        best_ms = std::min(best_ms, ms_since(start));
    }
    long after_six = resident_kib();
    CHECK(problems.empty());
    std::cout << "[pst] open " << open_ms << " ms, calendar folders " << list_ms << " ms, 169 items: first pass "
              << first_ms << " ms, best of 6 " << best_ms << " ms; resident " << after_first << " KiB after 1 pass, "
              << after_six << " KiB after 6\n";
    // Five more passes over 169 items: a leak of even one item's values per pass would show.
    // (AddressSanitizer keeps freed memory in quarantine, so resident size says nothing there;
    // its leak checker covers the same ground.)
#if CALBRIDGE_UNDER_ASAN
    (void)after_first;
#else
    CHECK(after_six - after_first < 2048);
#endif
}
