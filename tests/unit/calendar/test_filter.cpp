// matches(): RFC 4791 9.7.1-9.7.5 (comp-, prop-, param-filter, text-match collations,
// is-not-defined, negate-condition), VALARM time-ranges (9.9), and the fast path: for a
// time-range-only filter the index's non-open spans give exactly matches()' answer.
#include <random>

#include "caldav/calendar/text_match.h"
#include "calendar_test_support.h"

using namespace caltest;

namespace {

const std::string kMeeting = vcal(
    "BEGIN:VEVENT\nUID:m\nDTSTAMP:20240101T000000Z\nSUMMARY:Stra\xC3\x9F" "enfest planen\n"
    "DESCRIPTION:Caf\xC3\xA9 \\, Kuchen\nCATEGORIES:Work,Stra\xC3\x9F" "e\nCATEGORIES:Ideas\n"
    "DTSTART:20240110T100000Z\nDTEND:20240110T110000Z\n"
    "ORGANIZER;CN=Alice:mailto:alice@example.org\n"
    "ATTENDEE;CN=Bob;PARTSTAT=ACCEPTED:mailto:bob@example.org\n"
    "ATTENDEE;CN=Carol;PARTSTAT=NEEDS-ACTION;DELEGATED-FROM=\"mailto:dan@example.org\",\"mailto:eve@example.org\":mailto:carol@example.org\n"
    "BEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:reminder\nTRIGGER:-PT15M\nREPEAT:2\nDURATION:PT5M\nEND:VALARM\n"
    "END:VEVENT\n");

CalendarFilter prop(const std::string& name, std::optional<TextMatch> tm = std::nullopt, bool not_defined = false) {
    CalendarFilter f;
    f.root.name = "VCALENDAR";
    CompFilter ev;
    ev.name = "VEVENT";
    PropFilter p;
    p.name = name;
    p.text_match = std::move(tm);
    p.is_not_defined = not_defined;
    ev.prop_filters.push_back(p);
    f.root.comp_filters.push_back(ev);
    return f;
}

TextMatch text(const std::string& text, const std::string& collation = "i;ascii-casemap", bool negate = false) {
    return TextMatch{text, collation, negate};
}

}  // namespace

TEST_CASE("text-match collations (RFC 4790, RFC 5051)", "[calendar][filter][text-match]") {
    CHECK(text_matches(text("PLAN"), "Strassenfest planen"));
    CHECK_FALSE(text_matches(text("PLAN", "i;octet"), "Strassenfest planen"));
    CHECK(text_matches(text("plan", "i;octet"), "Strassenfest planen"));
    // ASCII case folding only: É and é differ under i;ascii-casemap.
    CHECK_FALSE(text_matches(text("CAF\xC3\x89"), "caf\xC3\xA9"));
    CHECK(text_matches(text("CAF\xC3\x89", "i;unicode-casemap"), "caf\xC3\xA9"));
    // RFC 5051: simple titlecase mapping + NFKD. "ß" has no simple titlecase mapping, so
    // "STRASSE" does not match "straße"; "ẞ" (U+1E9E) titlecases to itself and does not either.
    CHECK_FALSE(text_matches(text("STRASSE", "i;unicode-casemap"), "stra\xC3\x9F" "e"));
    CHECK_FALSE(text_matches(text("STRA\xE1\xBA\x9E" "E", "i;unicode-casemap"), "stra\xC3\x9F" "e"));
    CHECK(text_matches(text("STRA\xC3\x9F" "E", "i;unicode-casemap"), "stra\xC3\x9F" "e"));
    // NFKD: "①" decomposes to "1". Titlecasing comes first, so the "ﬁ" ligature (no simple
    // titlecase) becomes a lowercase "fi" while a needle "fi" becomes "FI": no match.
    CHECK(text_matches(text("1", "i;unicode-casemap"), "room \xE2\x91\xA0"));
    CHECK_FALSE(text_matches(text("fi", "i;unicode-casemap"), "\xEF\xAC\x81" "le"));
    CHECK(text_matches(text("\xEF\xAC\x81", "i;unicode-casemap"), "\xEF\xAC\x81" "le"));
    // Decomposition makes "e" a substring of "é" (RFC 5051 collates diacritics with their base).
    CHECK(text_matches(text("CAFE", "i;unicode-casemap"), "caf\xC3\xA9"));
    // Greek final sigma: titlecase of ς is Σ, like σ.
    CHECK(text_matches(text("\xCF\x83", "i;unicode-casemap"), "\xCF\x82"));
    // Invalid UTF-8 falls back to octets.
    CHECK(text_matches(text("\xC3", "i;unicode-casemap"), "ab\xC3"));
    // negate-condition
    CHECK_FALSE(text_matches(text("plan", "i;ascii-casemap", true), "Strassenfest planen"));
    CHECK(text_matches(text("xyz", "i;ascii-casemap", true), "Strassenfest planen"));
    CHECK(is_supported_collation("i;unicode-casemap"));
    CHECK_FALSE(is_supported_collation("i;basic"));
}

TEST_CASE("prop-filter: text values, multi-valued CATEGORIES, is-not-defined", "[calendar][filter]") {
    CHECK(query(kMeeting, prop("SUMMARY", text("ENFEST"))));
    CHECK_FALSE(query(kMeeting, prop("SUMMARY", text("party"))));
    CHECK(query(kMeeting, prop("summary", text("planen"))));   // names compare case-insensitively
    // TEXT is unescaped before matching: "\," is a comma.
    CHECK(query(kMeeting, prop("DESCRIPTION", text(", Kuchen"))));
    // CATEGORIES: each value on its own; negate holds when any value does not contain the text.
    CHECK(query(kMeeting, prop("CATEGORIES", text("work"))));
    CHECK(query(kMeeting, prop("CATEGORIES", text("ideas"))));
    CHECK_FALSE(query(kMeeting, prop("CATEGORIES", text("work,"))));
    CHECK(query(kMeeting, prop("CATEGORIES", text("work", "i;ascii-casemap", true))));
    CHECK_FALSE(query(kMeeting, prop("LOCATION", text("x"))));
    CHECK(query(kMeeting, prop("LOCATION", std::nullopt, true)));
    CHECK_FALSE(query(kMeeting, prop("SUMMARY", std::nullopt, true)));
    CHECK(query(kMeeting, prop("UID")));
    CHECK(query(kMeeting, prop("ATTENDEE", text("carol@"))));
}

TEST_CASE("param-filter on ATTENDEE PARTSTAT", "[calendar][filter]") {
    auto f = [](const std::string& email, const std::string& partstat, bool not_defined = false) {
        CalendarFilter c = prop("ATTENDEE", text(email));
        ParamFilter p;
        p.name = "PARTSTAT";
        p.is_not_defined = not_defined;
        if (!partstat.empty()) p.text_match = text(partstat);
        c.root.comp_filters[0].prop_filters[0].param_filters.push_back(p);
        return c;
    };
    CHECK(query(kMeeting, f("bob@", "ACCEPTED")));
    CHECK_FALSE(query(kMeeting, f("bob@", "NEEDS-ACTION")));   // the same ATTENDEE must carry both
    CHECK(query(kMeeting, f("carol@", "needs-action")));
    CHECK_FALSE(query(kMeeting, f("", "DECLINED")));
    CHECK_FALSE(query(kMeeting, f("bob@", "", true)));
    CalendarFilter delegated = prop("ATTENDEE", text("carol@"));
    ParamFilter d;
    d.name = "DELEGATED-FROM";
    // libical 3.0.16 keeps only the first value of a multi-valued parameter (measured:
    // DELEGATED-FROM="a","b" reads back as "a"), so only dan@ is seen here.
    d.text_match = text("dan@");
    delegated.root.comp_filters[0].prop_filters[0].param_filters.push_back(d);
    CHECK(query(kMeeting, delegated));
    CalendarFilter no_role = prop("ATTENDEE");
    ParamFilter r;
    r.name = "ROLE";
    r.is_not_defined = true;
    no_role.root.comp_filters[0].prop_filters[0].param_filters.push_back(r);
    CHECK(query(kMeeting, no_role));
}

TEST_CASE("comp-filter is-not-defined and prop-filter time-range", "[calendar][filter]") {
    CalendarFilter no_todo;
    no_todo.root.name = "VCALENDAR";
    CompFilter t;
    t.name = "VTODO";
    t.is_not_defined = true;
    no_todo.root.comp_filters.push_back(t);
    CHECK(query(kMeeting, no_todo));
    no_todo.root.comp_filters[0].name = "VEVENT";
    CHECK_FALSE(query(kMeeting, no_todo));

    CalendarFilter stamp = prop("DTSTAMP");
    stamp.root.comp_filters[0].prop_filters[0].time_range = TimeRange{utc(2024, 1, 1), utc(2024, 1, 2)};
    CHECK(query(kMeeting, stamp));
    stamp.root.comp_filters[0].prop_filters[0].time_range = TimeRange{utc(2023, 12, 31), utc(2024, 1, 1)};
    CHECK_FALSE(query(kMeeting, stamp));

    CalendarFilter wrong_root;
    wrong_root.root.name = "VEVENT";
    CHECK_FALSE(query(kMeeting, wrong_root));
}

TEST_CASE("VALARM time-range uses the trigger times with REPEAT (9.9)", "[calendar][filter][valarm]") {
    auto alarm = [](std::int64_t a, std::int64_t b) {
        CalendarFilter f;
        f.root.name = "VCALENDAR";
        CompFilter ev;
        ev.name = "VEVENT";
        CompFilter al;
        al.name = "VALARM";
        al.time_range = TimeRange{a, b};
        ev.comp_filters.push_back(al);
        f.root.comp_filters.push_back(ev);
        return f;
    };
    // Triggers at 09:45, 09:50 and 09:55Z.
    CHECK(query(kMeeting, alarm(utc(2024, 1, 10, 9, 45), utc(2024, 1, 10, 9, 46))));
    CHECK(query(kMeeting, alarm(utc(2024, 1, 10, 9, 54), utc(2024, 1, 10, 9, 56))));
    CHECK_FALSE(query(kMeeting, alarm(utc(2024, 1, 10, 9, 56), utc(2024, 1, 10, 10, 30))));
    CHECK_FALSE(query(kMeeting, alarm(utc(2024, 1, 10, 9, 40), utc(2024, 1, 10, 9, 45))));
    // A recurring event: the alarm of the instance in the range, RELATED=END.
    const std::string series = vcal("BEGIN:VEVENT\nUID:s\nDTSTAMP:20240101T000000Z\nDTSTART:20200106T100000Z\nDTEND:20200106T110000Z\n"
                                    "RRULE:FREQ=WEEKLY\nBEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:x\n"
                                    "TRIGGER;RELATED=END:PT10M\nEND:VALARM\nEND:VEVENT\n");
    // 2024-06-03 is a Monday: end 11:00Z, alarm 11:10Z.
    CHECK(query(series, alarm(utc(2024, 6, 3, 11, 10), utc(2024, 6, 3, 11, 11))));
    CHECK_FALSE(query(series, alarm(utc(2024, 6, 3, 11, 11), utc(2024, 6, 3, 12))));
    CHECK_FALSE(query(series, alarm(utc(2024, 6, 4, 11, 10), utc(2024, 6, 4, 11, 11))));
    // An absolute trigger.
    const std::string absolute = vcal("BEGIN:VTODO\nUID:t\nDTSTAMP:20240101T000000Z\nBEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:x\n"
                                      "TRIGGER;VALUE=DATE-TIME:20240301T080000Z\nEND:VALARM\nEND:VTODO\n");
    CalendarFilter f = alarm(utc(2024, 3, 1, 8), utc(2024, 3, 1, 9));
    f.root.comp_filters[0].name = "VTODO";
    CHECK(query(absolute, f));
    f.root.comp_filters[0].comp_filters[0].time_range = TimeRange{utc(2024, 3, 1, 7), utc(2024, 3, 1, 8)};
    CHECK_FALSE(query(absolute, f));
}

TEST_CASE("the fast path: index_only_component and contains_component", "[calendar][filter][index]") {
    CHECK(index_only_component(range_filter("VEVENT", 0, 10)) == std::optional<std::string>("VEVENT"));
    CHECK(index_only_component(range_filter("vtodo", 0, 10)) == std::optional<std::string>("VTODO"));
    CHECK_FALSE(index_only_component(prop("SUMMARY", text("x"))).has_value());
    CalendarFilter no_range = range_filter("VEVENT", 0, 10);
    no_range.root.comp_filters[0].time_range.reset();
    CHECK_FALSE(index_only_component(no_range).has_value());
    CHECK(contains_component(kMeeting, "VEVENT"));
    CHECK(contains_component(kMeeting, "valarm"));
    CHECK_FALSE(contains_component(kMeeting, "VTODO"));
    CHECK_FALSE(contains_component(vcal("BEGIN:VEVENT\nUID:x\nSUMMARY:BEGIN:VTODO\nEND:VEVENT\n"), "VTODO"));
}

TEST_CASE("for zoned objects the index's non-open spans answer exactly as matches() does", "[calendar][filter][index]") {
    const std::vector<std::string> objects = {
        kMeeting,
        vcal(std::string(kBerlinVtimezone) + "BEGIN:VEVENT\nUID:a\nDTSTAMP:20240101T000000Z\nDTSTART;TZID=Europe/Berlin:20240325T090000\n"
             "DTEND;TZID=Europe/Berlin:20240325T100000\nRRULE:FREQ=DAILY;COUNT=20\nEXDATE;TZID=Europe/Berlin:20240401T090000\nEND:VEVENT\n"
             "BEGIN:VEVENT\nUID:a\nDTSTAMP:20240101T000000Z\nRECURRENCE-ID;TZID=Europe/Berlin:20240403T090000\n"
             "DTSTART;TZID=Europe/Berlin:20240403T150000\nDTEND;TZID=Europe/Berlin:20240403T153000\nEND:VEVENT\n"),
        vcal("BEGIN:VEVENT\nUID:b\nDTSTAMP:20240101T000000Z\nDTSTART:20240326T120000Z\nEND:VEVENT\n"),
        vcal("BEGIN:VEVENT\nUID:c\nDTSTAMP:20240101T000000Z\nDTSTART:20240326T120000Z\nDURATION:PT45M\nRRULE:FREQ=HOURLY;INTERVAL=7;COUNT=30\nEND:VEVENT\n"),
        vcal("BEGIN:VTODO\nUID:d\nDTSTAMP:20240101T000000Z\nDTSTART:20240327T080000Z\nDUE:20240328T080000Z\nEND:VTODO\n"),
        vcal("BEGIN:VTODO\nUID:e\nDTSTAMP:20240101T000000Z\nDUE:20240329T080000Z\nEND:VTODO\n"),
        vcal("BEGIN:VTODO\nUID:f\nDTSTAMP:20240101T000000Z\nCOMPLETED:20240330T080000Z\nCREATED:20240320T080000Z\nEND:VTODO\n"),
        vcal("BEGIN:VTODO\nUID:g\nDTSTAMP:20240101T000000Z\nDTSTART:20240327T080000Z\nDURATION:PT0S\nRRULE:FREQ=DAILY;COUNT=5\nEND:VTODO\n"),
    };
    std::mt19937_64 rng(42);
    const std::int64_t base = utc(2024, 3, 20);
    std::uniform_int_distribution<std::int64_t> offset(0, 20 * 86400);
    int compared = 0, hits = 0;
    for (const std::string& text : objects) {
        auto cal = parse(text);
        const auto spans = compute_spans(cal.get());
        REQUIRE_FALSE(spans.empty());
        const std::string kind = contains_component(text, "VTODO") ? "VTODO" : "VEVENT";
        for (const auto& s : spans) CHECK_FALSE(s.open);
        // Ranges with random ends, and ranges whose ends sit on the instances' borders.
        std::vector<std::pair<std::int64_t, std::int64_t>> ranges;
        for (int i = 0; i < 300; ++i) {
            std::int64_t a = base + offset(rng), b = base + offset(rng);
            if (a > b) std::swap(a, b);
            if (a == b) ++b;
            ranges.emplace_back(a, b);
        }
        for (const auto& s : spans)
            for (std::int64_t d : {-1, 0, 1}) {
                if (s.start != kTimeMin) ranges.emplace_back(s.start + d, s.start + d + 60);
                if (s.end != kTimeMax) ranges.emplace_back(s.end + d - 60, s.end + d);
            }
        for (const auto& [a, b] : ranges) {
            const bool by_index = index_hit(spans, a, b);
            const bool exact = matches(range_filter(kind, a, b), cal.get());
            INFO(text << "range [" << a << ", " << b << ")");
            CHECK(by_index == exact);
            ++compared;
            hits += exact;
        }
    }
    CHECK(compared > 2000);
    CHECK(hits > 100);
}
