// calendar-multiget REPORT (RFC 4791 7.9).
#include "unit/reports/reports_fixture.h"

using namespace calbridge::caldav;
using namespace calbridge::caldav::testing;

namespace {

std::string multiget_body(const std::vector<std::string>& hrefs, const std::string& prop = "<D:getetag/><C:calendar-data/>") {
    std::string b = R"(<?xml version="1.0" encoding="utf-8"?><C:calendar-multiget )" + kCalDavNs + "><D:prop>" + prop +
                    "</D:prop>";
    for (const auto& h : hrefs) b += "<D:href>" + h + "</D:href>";
    return b + "</C:calendar-multiget>";
}

}  // namespace

TEST_CASE("multiget returns each href in order, 404 for missing, foreign and outside hrefs", "[reports]") {
    RfcFixture f;
    REQUIRE(f.send("PUT", "/dav/calendars/bob/calendar/b.ics", event_ics("bob-secret", "Secret"), {}, "bob").status == 201);
    REQUIRE(f.store.make_collection(kAliceHome + "other/", "alice", CollectionKind::calendar, {}).status ==
            WriteStatus::created);
    f.put("o.ics", event_ics("other-1"), kAliceHome + "other/");

    const std::vector<std::string> sent = {
        kAliceCal + "abcd1.ics",
        kOrigin + kAliceCal + "abcd3.ics",                          // absolute URL
        kAliceCal + "missing.ics",                                  // does not exist
        "/dav/calendars/bob/calendar/b.ics",                        // bob's
        kAliceCal + "../../bob/calendar/b.ics",                     // climbing out
        kAliceCal + "%2E%2E/other/o.ics",                           // encoded dot segment
        kAliceHome + "other/o.ics",                                 // alice's, outside the request-URI
        kAliceCal + "%zz.ics",                                      // malformed escape
        kAliceCal + "abcd%32.ics",                                  // encoded '2'
    };
    const Response r = f.report(kAliceCal, multiget_body(sent));
    auto ms = parse_multistatus(r);
    REQUIRE(ms->responses.size() == sent.size());
    CHECK(ms->responses[0].href == kAliceCal + "abcd1.ics");
    CHECK(ms->responses[1].href == kAliceCal + "abcd3.ics");
    CHECK(ms->responses[8].href == kAliceCal + "abcd2.ics");
    for (std::size_t i : {0u, 1u, 8u}) {
        CHECK(ms->responses[i].status_of(xml::caldav_name("calendar-data")) == 200);
        CHECK(ms->responses[i].status == 0);
    }
    CHECK(std::string(ms->responses[1].prop(xml::caldav_name("calendar-data")).text().as_string()) ==
          rfc_appendix_b()[2].second);
    for (std::size_t i = 2; i < 8; ++i) {
        INFO("href " << sent[i]);
        CHECK(ms->responses[i].status == 404);
        CHECK(ms->responses[i].propstats.empty());
    }
    CHECK(ms->responses[7].href == sent[7]);                   // echoed as sent
    CHECK(r.body.find("Secret") == std::string::npos);         // nothing of bob's leaks
    CHECK(r.body.find("other-1") == std::string::npos);

    SECTION("on the home, objects of its calendars are found") {
        auto home = parse_multistatus(f.report(kAliceHome, multiget_body({kAliceHome + "other/o.ics", kAliceCal + "abcd1.ics"})));
        REQUIRE(home->responses.size() == 2);
        CHECK(home->responses[0].status_of(xml::caldav_name("calendar-data")) == 200);
        CHECK(home->responses[1].status_of(xml::caldav_name("calendar-data")) == 200);
    }
    SECTION("on an object, only that object") {
        auto one = parse_multistatus(f.report(kAliceCal + "abcd1.ics",
                                              multiget_body({kAliceCal + "abcd1.ics", kAliceCal + "abcd2.ics"})));
        REQUIRE(one->responses.size() == 2);
        CHECK(one->responses[0].status_of(xml::dav("getetag")) == 200);
        CHECK(one->responses[1].status == 404);
    }
    SECTION("bob's calendar is not there for alice") {
        CHECK(f.report("/dav/calendars/bob/calendar/", multiget_body({"/dav/calendars/bob/calendar/b.ics"})).status == 404);
    }
}

TEST_CASE("multiget applies the calendar-data selection (expand)", "[reports]") {
    RfcFixture f;
    const std::string expand = R"(<C:calendar-data><C:expand start="20060102T000000Z" end="20060104T000000Z"/>)"
                               R"(</C:calendar-data>)";
    auto ms = parse_multistatus(f.report(kAliceCal, multiget_body({kAliceCal + "abcd2.ics"}, expand)));
    const std::string two = calendar_data(*ms, kAliceCal + "abcd2.ics");
    CHECK(count_lines(two, "BEGIN:VEVENT") == 2);   // Jan 2 and Jan 3, 12:00 EST
    CHECK(count_lines(two, "DTSTART:20060102T170000Z") == 1);
    CHECK(count_lines(two, "DTSTART:20060103T170000Z") == 1);
    CHECK_FALSE(has_line_starting(two, "RRULE"));
}

TEST_CASE("multiget getetag matches PROPFIND and GET", "[reports]") {
    RfcFixture f;
    auto ms = parse_multistatus(f.report(kAliceCal, multiget_body({kAliceCal + "abcd1.ics"}, "<D:getetag/>")));
    const std::string etag = ms->responses.at(0).prop(xml::dav("getetag")).text().as_string();
    CHECK(etag == header(f.send("GET", kAliceCal + "abcd1.ics"), "ETag"));
    CHECK(ms->responses.at(0).status_of(xml::caldav_name("calendar-data")) == 0);   // not asked
}
