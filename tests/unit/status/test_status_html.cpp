// The status page's text handling: HTML escaping (gateway/status/html.h) and the readable facts
// of a calendar object (event_facts.h).
#include <catch2/catch.hpp>

#include "gateway/status/event_facts.h"
#include "gateway/status/html.h"

using namespace calbridge::status;

TEST_CASE("escape: markup characters become references, text stays", "[status][html]") {
    CHECK(escape("a & b") == "a &amp; b");
    CHECK(escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;");
    CHECK(escape("\"x\" 'y'") == "&quot;x&quot; &#39;y&#39;");
    CHECK(escape("Caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") == "Caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
    CHECK(escape("line\nnext\ttab") == "line\nnext\ttab");
}

TEST_CASE("escape: broken UTF-8 becomes U+FFFD, controls are dropped", "[status][html]") {
    CHECK(escape("a\xFF" "b") == "a\xEF\xBF\xBD" "b");
    CHECK(escape("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");       // overlong '/'
    CHECK(escape("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
    CHECK(escape("\xE2\x82") == "\xEF\xBF\xBD\xEF\xBF\xBD");       // cut short
    CHECK(escape(std::string("a\0b\x01" "c", 5)) == "abc");
}

TEST_CASE("format_time: UTC, never for 0", "[status][html]") {
    CHECK(format_time(0) == "never");
    CHECK(format_time(1795000000) == "2026-11-18 11:06:40 UTC");
}

TEST_CASE("event_facts: the master's fields, unfolded and unescaped, overrides counted", "[status][facts]") {
    const std::string text =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:u\r\nDTSTART;TZID=\"Europe/Berlin\":20261127T100000\r\n"
        "RECURRENCE-ID;TZID=Europe/Berlin:20261204T100000\r\nSUMMARY:Moved one\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:u\r\nSUMMARY:Weekly\\, with a comma\\; and\r\n  a fold\r\n"
        "DTSTART;TZID=\"Europe/Berlin\":20261127T100000\r\nRRULE:FREQ=WEEKLY\r\nLOCATION:Room\\nTwo\r\n"
        "ORGANIZER;CN=\"Boss: Big\":mailto:boss@example.org\r\nATTENDEE:mailto:a@example.org\r\n"
        "ATTENDEE:mailto:b@example.org\r\nBEGIN:VALARM\r\nSUMMARY:alarm text\r\nEND:VALARM\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:u\r\nRECURRENCE-ID;TZID=Europe/Berlin:20261211T100000\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n";
    const auto facts = event_facts(text);
    CHECK(fact(facts, "SUMMARY") == "Weekly, with a comma; and a fold");
    CHECK(fact(facts, "DTSTART") == "20261127T100000 (Europe/Berlin)");
    CHECK(fact(facts, "RRULE") == "FREQ=WEEKLY");
    CHECK(fact(facts, "LOCATION") == "Room\nTwo");
    CHECK(fact(facts, "ORGANIZER") == "boss@example.org");
    CHECK(fact(facts, "ATTENDEES") == "2");
    CHECK(fact(facts, "OVERRIDES") == "2 changed occurrence(s)");
    CHECK(fact(facts, "STATUS").empty());  // the override's, not the master's
    CHECK(facts.front().name == "SUMMARY");
}

TEST_CASE("event_facts: all-day dates, long descriptions cut on a character boundary", "[status][facts]") {
    std::string description(299, 'x');
    description += "\xC3\xA9\xC3\xA9";  // the cut at 300 falls inside the first é
    const auto facts = event_facts("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20261225\nDESCRIPTION:" + description + "\nEND:VEVENT\n");
    CHECK(fact(facts, "DTSTART") == "20261225 (all day)");
    CHECK(fact(facts, "DESCRIPTION") == std::string(299, 'x') + "...");
    CHECK(event_facts("not a calendar").empty());
}
