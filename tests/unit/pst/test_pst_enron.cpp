// The Enron sample (Unicode PST, mail only). Expected values from pffexport 20180714: 71
// messages, 127 recipients (Recipients.txt lines), 70 attachment files of 11,837,529 bytes.
#include <catch2/catch.hpp>

#include "converters/mapi/property_tags.h"
#include "pst_test_support.h"

using namespace calbridge;
using namespace calbridge::pst;
using namespace calbridge::pst::testing;

TEST_CASE("enron.pst is a Unicode PST without calendar folders", "[pst][enron]") {
    auto file = PstFile::open(enron_path());
    CHECK(file->kind() == FileKind::PstUnicode);
    std::vector<ReadProblem> problems;
    CHECK(file->calendar_folders(problems).empty());
    CHECK(problems.empty());
}

TEST_CASE("enron.pst folders come from the store's IPM subtree ('Top of Personal Folders')", "[pst][enron]") {
    auto file = PstFile::open(enron_path());
    std::vector<ReadProblem> problems;
    auto folders = file->all_folders(problems);
    CHECK(problems.empty());
    const std::string base = "lokay-m/MLOKAY (Non-Privileged)";
    REQUIRE(folders.size() == 7);
    CHECK(folders[0].path == "Deleted Items");
    CHECK(find_folder(folders, base)->item_count == 1);
    CHECK(find_folder(folders, base + "/TW-Commercial Group")->item_count == 14);
    CHECK(find_folder(folders, base + "/Systems")->item_count == 7);
    CHECK(find_folder(folders, base + "/Sent Items")->item_count == 2);
    CHECK(find_folder(folders, base + "/Personal")->item_count == 47);
    CHECK(find_folder(folders, base + "/Personal")->container_class == "IPF.Note");
}

TEST_CASE("every enron message, recipient and attachment is read", "[pst][enron]") {
    auto file = PstFile::open(enron_path());
    std::vector<ReadProblem> problems;
    int messages = 0, recipients = 0, attachments = 0, with_subject = 0;
    std::size_t attachment_bytes = 0;
    for (const auto& folder : file->all_folders(problems)) {
        file->for_each_item(folder, [&](mapi::Message&& m) {
            ++messages;
            recipients += static_cast<int>(m.recipients.size());
            CHECK(m.props.string(mapi::tag::MessageClass).value_or("").rfind("IPM.Note", 0) == 0);
            with_subject += m.props.string(mapi::tag::Subject).value_or("").empty() ? 0 : 1;
            for (const auto& a : m.attachments) {
                ++attachments;
                CHECK(a.embedded == nullptr);
                if (const auto* data = a.props.binary(mapi::tag::AttachDataBinary)) attachment_bytes += data->size();
            }
            return true;
        }, problems);
    }
    CHECK(problems.empty());
    CHECK(messages == 71);
    CHECK(with_subject == 70);  // pffexport OutlookHeaders.txt: one message has an empty subject
    CHECK(recipients == 127);
    CHECK(attachments == 70);
    CHECK(attachment_bytes == 11837529);
}

TEST_CASE("an enron message: subject without control prefix, Unicode body, sender", "[pst][enron]") {
    auto file = PstFile::open(enron_path());
    std::vector<ReadProblem> problems;
    auto folders = file->all_folders(problems);
    auto items = read_items(*file, *find_folder(folders, "lokay-m/MLOKAY (Non-Privileged)"), problems);
    REQUIRE(items.size() == 1);
    // pffexport Message00001/Message.txt.
    CHECK(items[0].props.string(mapi::tag::Subject) ==
          "Power Mart '01 - Register online for your FREE exhibition pass!");
    CHECK(items[0].origin.rfind("lokay-m/MLOKAY (Non-Privileged), item 0x", 0) == 0);
    CHECK(items[0].props.string(mapi::tag::Body).value_or("").find(
              "Former Chairman, Securities and Exchange Commission") != std::string::npos);
}
