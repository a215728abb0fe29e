// Three-way merge of calendar objects (gateway/sync/ical_merge.h).
#include "bridge_fixture.h"

using namespace calbridge::sync;
using namespace calbridge::sync::testing;

TEST_CASE("fields changed on one side each are both taken", "[merge]") {
    const auto base = event("m", {{"SUMMARY", "A"}, {"LOCATION", "X"}});
    const auto local = event("m", {{"SUMMARY", "A"}, {"LOCATION", "Y"}});
    const auto remote = event("m", {{"SUMMARY", "B"}, {"LOCATION", "X"}});
    const MergeResult m = merge_three_way(base, local, remote);
    CHECK_FALSE(m.conflict);
    CHECK(field(m.ical, "SUMMARY") == "B");
    CHECK(field(m.ical, "LOCATION") == "Y");
}

TEST_CASE("a field changed differently on both sides takes the remote value", "[merge]") {
    const auto base = event("m", {{"SUMMARY", "A"}});
    const MergeResult m = merge_three_way(base, event("m", {{"SUMMARY", "L"}}), event("m", {{"SUMMARY", "R"}}));
    CHECK(m.conflict);
    REQUIRE(m.conflicting.size() == 1);
    CHECK(m.conflicting[0] == "VEVENT SUMMARY");
    CHECK(field(m.ical, "SUMMARY") == "R");
}

TEST_CASE("the same change on both sides is no conflict, bookkeeping fields never are", "[merge]") {
    const auto base = event("m", {{"SUMMARY", "A"}, {"SEQUENCE", "1"}});
    const auto local = event("m", {{"SUMMARY", "B"}, {"SEQUENCE", "3"}, {"DTSTAMP", "20260301T000000Z"}});
    const auto remote = event("m", {{"SUMMARY", "B"}, {"SEQUENCE", "2"}, {"DTSTAMP", "20260201T000000Z"}});
    const MergeResult m = merge_three_way(base, local, remote);
    CHECK_FALSE(m.conflict);
    CHECK(field(m.ical, "SEQUENCE") == "3");
    CHECK(field(m.ical, "DTSTAMP") == "20260301T000000Z");
}

TEST_CASE("a property added on one side and removed on the other", "[merge]") {
    const auto base = event("m", {{"SUMMARY", "A"}, {"LOCATION", "X"}});
    const auto local = event("m", {{"SUMMARY", "A"}});                                      // LOCATION removed
    const auto remote = event("m", {{"SUMMARY", "A"}, {"LOCATION", "X"}, {"CATEGORIES", "Work"}});  // added
    const MergeResult m = merge_three_way(base, local, remote);
    CHECK_FALSE(m.conflict);
    CHECK(field(m.ical, "LOCATION").empty());
    CHECK(field(m.ical, "CATEGORIES") == "Work");
}

TEST_CASE("attendees are one field", "[merge]") {
    auto with = [](const std::string& attendees) {
        return calendar("BEGIN:VEVENT\r\nUID:m\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260310T090000Z\r\n"
                        "SUMMARY:A\r\n" + attendees + "END:VEVENT\r\n");
    };
    const auto base = with("ATTENDEE:mailto:a@x.org\r\n");
    const auto local = with("ATTENDEE:mailto:a@x.org\r\nATTENDEE:mailto:b@x.org\r\n");
    const auto remote = with("ATTENDEE:mailto:a@x.org\r\n");
    const MergeResult m = merge_three_way(base, local, remote);
    CHECK_FALSE(m.conflict);
    CHECK(m.ical.find("b@x.org") != std::string::npos);
    CHECK(m.ical.find("a@x.org") != std::string::npos);
}

TEST_CASE("overrides are merged per RECURRENCE-ID, one added locally is kept", "[merge]") {
    const std::string r1 = "20260317T090000Z", r2 = "20260324T090000Z";
    const auto master = vevent("s", {{"SUMMARY", "W"}, {"RRULE", "FREQ=WEEKLY"}});
    const auto base = calendar(master + vevent("s", {{"SUMMARY", "o1"}}, r1));
    const auto local = calendar(master + vevent("s", {{"SUMMARY", "o1"}}, r1) + vevent("s", {{"SUMMARY", "o2"}}, r2));
    const auto remote = calendar(master + vevent("s", {{"SUMMARY", "o1 remote"}}, r1));
    const MergeResult m = merge_three_way(base, local, remote);
    CHECK_FALSE(m.conflict);
    CHECK(field(m.ical, "SUMMARY", r1) == "o1 remote");
    CHECK(field(m.ical, "SUMMARY", r2) == "o2");
    CHECK(field(m.ical, "SUMMARY") == "W");
}

TEST_CASE("an override removed remotely and edited locally is a conflict won by the remote", "[merge]") {
    const std::string r1 = "20260317T090000Z";
    const auto master = vevent("s", {{"SUMMARY", "W"}, {"RRULE", "FREQ=WEEKLY"}});
    const auto base = calendar(master + vevent("s", {{"SUMMARY", "o1"}}, r1));
    const auto local = calendar(master + vevent("s", {{"SUMMARY", "o1 edited"}}, r1));
    const auto remote = calendar(master);
    const MergeResult m = merge_three_way(base, local, remote);
    CHECK(m.conflict);
    CHECK(field(m.ical, "SUMMARY", r1).empty());
}

TEST_CASE("without a base every difference is a conflict", "[merge]") {
    const MergeResult m = merge_three_way("", event("m", {{"SUMMARY", "L"}, {"LOCATION", "X"}}),
                                          event("m", {{"SUMMARY", "R"}, {"LOCATION", "X"}}));
    CHECK(m.conflict);
    CHECK(field(m.ical, "SUMMARY") == "R");
    CHECK(field(m.ical, "LOCATION") == "X");
}

TEST_CASE("same_content ignores order, folding and bookkeeping", "[merge]") {
    const auto a = event("m", {{"SUMMARY", "A"}, {"LOCATION", "X"}, {"DTSTAMP", "20260101T000000Z"}});
    const auto b = calendar("BEGIN:VEVENT\r\nLOCATION:X\r\nSUMMARY:A\r\nUID:m\r\nDTEND:20260310T100000Z\r\n"
                            "DTSTART:20260310T090000Z\r\nDTSTAMP:20270101T000000Z\r\nEND:VEVENT\r\n");
    CHECK(same_content(a, b));
    CHECK_FALSE(same_content(a, event("m", {{"SUMMARY", "B"}, {"LOCATION", "X"}})));
}

TEST_CASE("holds_changes tells whether a sent update landed, remote defaults aside", "[merge]") {
    // The base came from the remote with its defaults (CLASS); the client's text lacks them.
    const auto base = event("m", {{"SUMMARY", "A"}, {"LOCATION", "X"}, {"CLASS", "PUBLIC"}});
    const auto sent = event("m", {{"SUMMARY", "B"}, {"LOCATION", "X"}});
    // Landed: the remote holds B and keeps its default.
    CHECK(holds_changes(base, sent, event("m", {{"SUMMARY", "B"}, {"LOCATION", "X"}, {"CLASS", "PUBLIC"}})));
    // Landed, then a colleague changed another field.
    CHECK(holds_changes(base, sent, event("m", {{"SUMMARY", "B"}, {"LOCATION", "Z"}, {"CLASS", "PUBLIC"}})));
    // Not landed: a colleague's edit of another field only.
    CHECK_FALSE(holds_changes(base, sent, event("m", {{"SUMMARY", "A"}, {"LOCATION", "Z"}, {"CLASS", "PUBLIC"}})));
    // Only a removal sent: landed when the remote lacks the field too.
    const auto removal = event("m", {{"SUMMARY", "A"}});
    const auto base2 = event("m", {{"SUMMARY", "A"}, {"LOCATION", "X"}});
    CHECK(holds_changes(base2, removal, event("m", {{"SUMMARY", "A"}})));
    CHECK_FALSE(holds_changes(base2, removal, event("m", {{"SUMMARY", "A"}, {"LOCATION", "X"}})));
}

TEST_CASE("holds_changes ignores the organizer the server assigns", "[merge]") {
    const auto base = event("m", {{"SUMMARY", "A"}, {"ORGANIZER", "mailto:owner@example.com"}});
    const auto sent = event("m", {{"SUMMARY", "B"}, {"ORGANIZER", "mailto:someone@example.org"}});
    CHECK(holds_changes(base, sent, event("m", {{"SUMMARY", "B"}, {"ORGANIZER", "mailto:owner@example.com"}})));
    CHECK_FALSE(holds_changes(base, sent, event("m", {{"SUMMARY", "A"}, {"ORGANIZER", "mailto:owner@example.com"}})));
}

// python-icalendar (python3-caldav) writes parameters sorted and quotes values with spaces;
// calbridge's converters write them in another order. The same property either way.
TEST_CASE("parameter order and quoting are not a change", "[merge]") {
    const Fields ours = {{"SUMMARY", "A"},
                         {"ATTACH;VALUE=BINARY;ENCODING=BASE64;FMTTYPE=text/plain;X-FILENAME=Usage notes.txt", "aGk="},
                         {"ATTENDEE;CN=Bob;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED", "mailto:bob@example.com"}};
    const Fields theirs = {{"SUMMARY", "A"},
                           {"ATTACH;ENCODING=BASE64;FMTTYPE=text/plain;VALUE=BINARY;X-FILENAME=\"Usage notes.txt\"", "aGk="},
                           {"ATTENDEE;CN=Bob;PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT", "mailto:bob@example.com"}};
    CHECK(same_content(event("m", ours), event("m", theirs)));

    // A client re-wrote the object to change LOCATION; our own converter rendered the remote.
    Fields sent = theirs;
    sent["LOCATION"] = "L1";
    Fields remote = ours;
    remote["LOCATION"] = "L1";
    CHECK(holds_changes(event("m", ours), event("m", sent), event("m", remote)));
    remote["LOCATION"] = "L0";
    CHECK_FALSE(holds_changes(event("m", ours), event("m", sent), event("m", remote)));

    // Both sides' rewrites of the same properties merge without a conflict.
    Fields local = theirs;
    local["LOCATION"] = "L2";
    Fields colleague = ours;
    colleague["SUMMARY"] = "B";
    const MergeResult m = merge_three_way(event("m", ours), event("m", local), event("m", colleague));
    CHECK(m.conflicting.empty());
    CHECK(field(m.ical, "LOCATION") == "L2");
    CHECK(field(m.ical, "SUMMARY") == "B");

    // A parameter whose value changed is a change.
    Fields declined = ours;
    declined.erase("ATTENDEE;CN=Bob;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED");
    declined["ATTENDEE;CN=Bob;ROLE=REQ-PARTICIPANT;PARTSTAT=DECLINED"] = "mailto:bob@example.com";
    CHECK_FALSE(same_content(event("m", ours), event("m", declined)));
}

TEST_CASE("alarms compare by content, not by the order of their lines", "[merge]") {
    const auto a = calendar("BEGIN:VEVENT\r\nUID:m\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260310T090000Z\r\n"
                            "SUMMARY:A\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Reminder\r\n"
                            "TRIGGER;RELATED=START:-PT15M\r\nEND:VALARM\r\nEND:VEVENT\r\n");
    const auto b = calendar("BEGIN:VEVENT\r\nUID:m\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260310T090000Z\r\n"
                            "SUMMARY:A\r\nBEGIN:VALARM\r\nTRIGGER;RELATED=START:-PT15M\r\nDESCRIPTION:Reminder\r\n"
                            "ACTION:DISPLAY\r\nEND:VALARM\r\nEND:VEVENT\r\n");
    CHECK(same_content(a, b));
}
