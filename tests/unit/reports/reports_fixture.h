#pragma once
// Report tests: the engine fixture (alice's calendar, bob's calendar) plus the RFC 4791
// Appendix B example objects and helpers to run a REPORT and read hrefs and calendar-data.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "unit/engine/engine_fixture.h"

namespace calbridge::caldav::testing {

inline const std::string kCalDavNs = R"(xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav")";

// LF -> CRLF, so the test data can be written as raw strings.
inline std::string crlf(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\n') out += "\r\n";
        else out += c;
    }
    return out;
}

struct ReportFixture : EngineFixture {
    Response report(const std::string& target, const std::string& body, const std::string& depth = "1",
                    std::optional<std::string> user = std::string("alice")) {
        return send("REPORT", target, body, {{"Depth", depth}}, std::move(user));
    }
    void put(const std::string& name, const std::string& ics, const std::string& calendar = kAliceCal) {
        const Response r = send("PUT", calendar + name, ics, {{"Content-Type", "text/calendar"}});
        INFO(name << ": " << r.body);
        REQUIRE((r.status == 201 || r.status == 204));
    }
};

inline std::set<std::string> hrefs(const Multistatus& ms) {
    std::set<std::string> out;
    for (const auto& r : ms.responses) out.insert(r.href);
    return out;
}

inline std::set<std::string> hrefs_of(const Response& r) { return hrefs(*parse_multistatus(r)); }

inline std::string calendar_data(const Multistatus& ms, const std::string& href) {
    const DavResponse* r = ms.find(href);
    REQUIRE(r);
    const auto data = r->prop(xml::caldav_name("calendar-data"));
    REQUIRE(data);
    return data.text().as_string();
}

// The content lines of an iCalendar text, unfolded, in order.
inline std::vector<std::string> ics_lines(const std::string& ics) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < ics.size()) {
        std::size_t eol = ics.find('\n', pos);
        if (eol == std::string::npos) eol = ics.size();
        std::string line = ics.substr(pos, eol - pos);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !out.empty())
            out.back() += line.substr(1);
        else if (!line.empty())
            out.push_back(line);
        pos = eol + 1;
    }
    return out;
}

inline std::size_t count_lines(const std::string& ics, const std::string& line) {
    const auto lines = ics_lines(ics);
    return static_cast<std::size_t>(std::count(lines.begin(), lines.end(), line));
}

inline bool has_line_starting(const std::string& ics, const std::string& prefix) {
    for (const auto& l : ics_lines(ics))
        if (l.rfind(prefix, 0) == 0) return true;
    return false;
}

// A VCALENDAR (CRLF lines) holding `components`, e.g. vevent(...) + vevent(...).
inline std::string calendar_object(const std::string& components) {
    return crlf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n" + components + "END:VCALENDAR\n");
}

// A VEVENT with UID `uid`, a fixed DTSTAMP and `lines` ("DTSTART:...\nRRULE:...\n").
inline std::string vevent(const std::string& uid, const std::string& lines) {
    return "BEGIN:VEVENT\nUID:" + uid + "\nDTSTAMP:20240101T000000Z\n" + lines + "END:VEVENT\n";
}

// A free-busy-query REPORT body (RFC 4791 7.10) over [start, end).
inline std::string free_busy_query_body(const std::string& start, const std::string& end) {
    return R"(<?xml version="1.0" encoding="utf-8"?><C:free-busy-query )" + kCalDavNs + R"(><C:time-range start=")" +
           start + R"(" end=")" + end + R"("/></C:free-busy-query>)";
}

// The FREEBUSY lines of a VFREEBUSY answer, sorted.
inline std::vector<std::string> freebusy_lines(const std::string& ics) {
    std::vector<std::string> out;
    for (const auto& l : ics_lines(ics))
        if (l.rfind("FREEBUSY", 0) == 0) out.push_back(l);
    std::sort(out.begin(), out.end());
    return out;
}

inline std::string query_body(const std::string& filter, const std::string& prop = "<D:getetag/>",
                              const std::string& extra = "") {
    return R"(<?xml version="1.0" encoding="utf-8"?><C:calendar-query )" + kCalDavNs + "><D:prop>" + prop +
           "</D:prop><C:filter>" + filter + "</C:filter>" + extra + "</C:calendar-query>";
}

inline std::string time_range_filter(const std::string& comp, const std::string& start, const std::string& end,
                                     const std::string& inner = "") {
    return R"(<C:comp-filter name="VCALENDAR"><C:comp-filter name=")" + comp + R"("><C:time-range start=")" + start +
           R"(" end=")" + end + R"("/>)" + inner + "</C:comp-filter></C:comp-filter>";
}

// --- RFC 4791 Appendix B example calendar data ---

inline const char* const kUsEastern = R"(BEGIN:VTIMEZONE
LAST-MODIFIED:20040110T032845Z
TZID:US/Eastern
BEGIN:DAYLIGHT
DTSTART:20000404T020000
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4
TZNAME:EDT
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
END:DAYLIGHT
BEGIN:STANDARD
DTSTART:20001026T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
TZNAME:EST
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
END:STANDARD
END:VTIMEZONE
)";

inline std::string rfc_object(const std::string& body, bool with_zone) {
    return crlf(std::string("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Example Corp.//CalDAV Client//EN\n") +
                (with_zone ? kUsEastern : "") + body + "END:VCALENDAR\n");
}

inline std::vector<std::pair<std::string, std::string>> rfc_appendix_b() {
    return {
        {"abcd1.ics", rfc_object(R"(BEGIN:VEVENT
DTSTAMP:20060206T001102Z
DTSTART;TZID=US/Eastern:20060102T100000
DURATION:PT1H
SUMMARY:Event #1
Description:Go Steelers!
UID:74855313FA803DA593CD579A@example.com
END:VEVENT
)", true)},
        {"abcd2.ics", rfc_object(R"(BEGIN:VEVENT
DTSTAMP:20060206T001121Z
DTSTART;TZID=US/Eastern:20060102T120000
DURATION:PT1H
RRULE:FREQ=DAILY;COUNT=5
SUMMARY:Event #2
UID:00959BC664CA650E933C892C@example.com
END:VEVENT
BEGIN:VEVENT
DTSTAMP:20060206T001121Z
DTSTART;TZID=US/Eastern:20060104T140000
DURATION:PT1H
RECURRENCE-ID;TZID=US/Eastern:20060104T120000
SUMMARY:Event #2 bis
UID:00959BC664CA650E933C892C@example.com
END:VEVENT
BEGIN:VEVENT
DTSTAMP:20060206T001121Z
DTSTART;TZID=US/Eastern:20060106T140000
DURATION:PT1H
RECURRENCE-ID;TZID=US/Eastern:20060106T120000
SUMMARY:Event #2 bis bis
UID:00959BC664CA650E933C892C@example.com
END:VEVENT
)", true)},
        {"abcd3.ics", rfc_object(R"(BEGIN:VEVENT
ATTENDEE;PARTSTAT=ACCEPTED;ROLE=CHAIR:mailto:cyrus@example.com
ATTENDEE;PARTSTAT=NEEDS-ACTION:mailto:lisa@example.com
DTSTAMP:20060206T001220Z
DTSTART;TZID=US/Eastern:20060104T100000
DURATION:PT1H
LAST-MODIFIED:20060206T001330Z
ORGANIZER:mailto:cyrus@example.com
SEQUENCE:1
STATUS:TENTATIVE
SUMMARY:Event #3
UID:DC6C50A017428C5216A2F1CD@example.com
X-ABC-GUID:E1CX5Dr-0007ym-Hz@example.com
END:VEVENT
)", true)},
        {"abcd4.ics", rfc_object(R"(BEGIN:VTODO
DTSTAMP:20060205T235335Z
DUE;VALUE=DATE:20060104
STATUS:NEEDS-ACTION
SUMMARY:Task #1
UID:DDDEEB7915FA61233B861457@example.com
BEGIN:VALARM
ACTION:AUDIO
TRIGGER;RELATED=START:-PT10M
END:VALARM
END:VTODO
)", false)},
        {"abcd5.ics", rfc_object(R"(BEGIN:VTODO
DTSTAMP:20060205T235300Z
DUE;TZID=US/Eastern:20060106T120000
LAST-MODIFIED:20060205T235308Z
SEQUENCE:1
STATUS:NEEDS-ACTION
SUMMARY:Task #2
UID:E10BA47467C5C69BB74E8720@example.com
BEGIN:VALARM
ACTION:AUDIO
TRIGGER;RELATED=START:-PT10M
END:VALARM
END:VTODO
)", true)},
        {"abcd6.ics", rfc_object(R"(BEGIN:VTODO
COMPLETED:20051223T122322Z
DTSTAMP:20060205T235400Z
DUE;VALUE=DATE:20051225
LAST-MODIFIED:20060205T235308Z
SEQUENCE:1
STATUS:COMPLETED
SUMMARY:Task #3
UID:E10BA47467C5C69BB74E8722@example.com
END:VTODO
)", false)},
        {"abcd7.ics", rfc_object(R"(BEGIN:VTODO
DTSTAMP:20060205T235600Z
DUE;VALUE=DATE:20060101
LAST-MODIFIED:20060205T235308Z
SEQUENCE:1
STATUS:CANCELLED
SUMMARY:Task #4
UID:E10BA47467C5C69BB74E8725@example.com
END:VTODO
)", false)},
        {"abcd8.ics", rfc_object(R"(BEGIN:VFREEBUSY
ORGANIZER;CN="Bernard Desruisseaux":mailto:bernard@example.com
UID:76ef34-54a3d2@example.com
DTSTAMP:20050530T123421Z
DTSTART:20060101T000000Z
DTEND:20060108T000000Z
FREEBUSY:20050531T230000Z/20050601T010000Z
FREEBUSY;FBTYPE=BUSY-TENTATIVE:20060102T100000Z/20060102T120000Z
FREEBUSY:20060103T100000Z/20060103T120000Z
FREEBUSY:20060104T100000Z/20060104T120000Z
FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20060105T100000Z/20060105T120000Z
FREEBUSY:20060106T100000Z/20060106T120000Z
END:VFREEBUSY
)", false)},
    };
}

struct RfcFixture : ReportFixture {
    RfcFixture() {
        for (const auto& [name, ics] : rfc_appendix_b()) put(name, ics);
    }
    static std::string href(const std::string& name) { return kAliceCal + name; }
};

}  // namespace calbridge::caldav::testing
