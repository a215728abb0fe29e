// The aggregated free/busy URL, GET /freebusy/<user>.vfb (issue 6 item 3): the URL layout, the
// range parameters, the merge over the user's calendars and who may see it.
#include "unit/engine/engine_fixture.h"

#include "caldav/calendar_access/free_busy_url_range.h"
#include "caldav/calendar_access/user_free_busy.h"
#include "caldav/engine/url_layout.h"
#include "caldav/xml/time_range.h"

using namespace calbridge::caldav;
using namespace calbridge::caldav::testing;

namespace {

std::string vevent(const std::string& uid, const std::string& lines) {
    std::string text = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VEVENT\nUID:" + uid +
                       "\nDTSTAMP:20240101T000000Z\n" + lines + "END:VEVENT\nEND:VCALENDAR\n";
    std::string out;
    for (char c : text) out += c == '\n' ? std::string("\r\n") : std::string(1, c);
    return out;
}

// Content lines (CRLF-separated; the body never folds these short lines).
std::vector<std::string> lines_of(const std::string& body) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < body.size()) {
        const std::size_t eol = body.find("\r\n", pos);
        if (eol == std::string::npos) {
            out.push_back(body.substr(pos));
            break;
        }
        out.push_back(body.substr(pos, eol - pos));
        pos = eol + 2;
    }
    return out;
}

std::vector<std::string> with_prefix(const std::string& body, const std::string& prefix) {
    std::vector<std::string> out;
    for (const auto& l : lines_of(body))
        if (l.rfind(prefix, 0) == 0) out.push_back(l);
    return out;
}

std::int64_t utc_of_line(const std::string& body, const std::string& name) {
    const auto found = with_prefix(body, name + ":");
    REQUIRE(found.size() == 1);
    const auto t = xml::parse_utc_datetime(found[0].substr(name.size() + 1));
    REQUIRE(t);
    return *t;
}

// Alice: her default calendar, a second calendar, and a third inside a plain collection.
struct FreeBusyUrl : EngineFixture {
    FreeBusyUrl() {
        CollectionPatch work;
        work.display_name = "Work";
        REQUIRE(store.make_collection(kAliceHome + "work/", "alice", CollectionKind::calendar, work).status ==
                WriteStatus::created);
        REQUIRE(store.make_collection(kAliceHome + "folder/", "alice", CollectionKind::plain, {}).status ==
                WriteStatus::created);
        REQUIRE(store.make_collection(kAliceHome + "folder/nested/", "alice", CollectionKind::calendar, work).status ==
                WriteStatus::created);
        put(kAliceCal + "a.ics", vevent("a", "DTSTART:20240301T090000Z\nDTEND:20240301T100000Z\n"));
        // Overlaps a: merged with it.
        put(kAliceHome + "work/b.ics", vevent("b", "DTSTART:20240301T093000Z\nDTEND:20240301T110000Z\n"));
        put(kAliceHome + "work/t.ics",
            vevent("t", "DTSTART:20240302T090000Z\nDURATION:PT1H\nX-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE\n"));
        put(kAliceHome + "folder/nested/n.ics",
            vevent("n", "DTSTART:20240303T090000Z\nDURATION:PT1H\nRRULE:FREQ=DAILY;COUNT=2\n"));
        put(kAliceHome + "work/free.ics", vevent("free", "DTSTART:20240302T120000Z\nDURATION:PT1H\nTRANSP:TRANSPARENT\n"));
        // Bob's own busy time never shows in Alice's.
        REQUIRE(send("PUT", "/dav/calendars/bob/calendar/x.ics",
                     vevent("x", "DTSTART:20240301T150000Z\nDURATION:PT1H\n"), {}, std::string("bob"))
                    .status == 201);
    }
    void put(const std::string& path, const std::string& ics) {
        const Response r = send("PUT", path, ics, {{"Content-Type", "text/calendar"}});
        INFO(path << ": " << r.body);
        REQUIRE(r.status == 201);
    }
    Response get(const std::string& target, std::optional<std::string> user = std::string("alice")) {
        return send("GET", target, {}, {}, std::move(user));
    }
};

const std::string kMarch = "/freebusy/alice.vfb?start=20240301T000000Z&end=20240401T000000Z";

}  // namespace

TEST_CASE("free/busy URL layout", "[engine][freebusy]") {
    const Location loc = classify("/freebusy/alice.vfb");
    CHECK(loc.area == Area::free_busy);
    CHECK(loc.user == "alice");
    CHECK(free_busy_path("alice") == "/freebusy/alice.vfb");
    CHECK(classify("/freebusy/alice").area == Area::unknown);
    CHECK(classify("/freebusy/.vfb").area == Area::unknown);
    CHECK(classify("/freebusy/a/b.vfb").area == Area::unknown);
    CHECK(classify("/freebusy/").area == Area::unknown);
    CHECK(needs_authentication(Area::free_busy));
}

TEST_CASE("free/busy URL merges every calendar of the user", "[engine][freebusy]") {
    FreeBusyUrl f;
    const Response r = f.get(kMarch);
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(header(r, "Content-Type") == "text/calendar; charset=utf-8");
    // RFC 5545 3.1: every line ends with CRLF.
    CHECK(r.body.size() > 2);
    CHECK(r.body.substr(r.body.size() - 2) == "\r\n");
    for (std::size_t i = 0; i < r.body.size(); ++i)
        if (r.body[i] == '\n') CHECK((i > 0 && r.body[i - 1] == '\r'));
    CHECK(with_prefix(r.body, "BEGIN:VFREEBUSY").size() == 1);
    CHECK(with_prefix(r.body, "DTSTAMP:").size() == 1);
    CHECK(with_prefix(r.body, "UID:").size() == 1);
    CHECK(with_prefix(r.body, "DTSTART:") == std::vector<std::string>{"DTSTART:20240301T000000Z"});
    CHECK(with_prefix(r.body, "DTEND:") == std::vector<std::string>{"DTEND:20240401T000000Z"});
    const std::vector<std::string> want = {
        "FREEBUSY;FBTYPE=BUSY:20240301T090000Z/20240301T110000Z",   // a (calendar) + b (work)
        "FREEBUSY;FBTYPE=BUSY-TENTATIVE:20240302T090000Z/20240302T100000Z",
        "FREEBUSY;FBTYPE=BUSY:20240303T090000Z/20240303T100000Z",   // the nested calendar's series
        "FREEBUSY;FBTYPE=BUSY:20240304T090000Z/20240304T100000Z",
    };
    CHECK(with_prefix(r.body, "FREEBUSY") == want);

    CHECK(free_busy_calendars(f.store, "alice", "alice").size() == 3);
    // HEAD: the same headers, no body on the wire.
    const Response head = f.send("HEAD", kMarch);
    CHECK(head.status == 200);
    CHECK(head.omit_body);
}

TEST_CASE("free/busy URL: who may see it", "[engine][freebusy]") {
    FreeBusyUrl f;
    // Anonymous: a login is needed (the gateway asks with 401 Basic).
    const Response anonymous = f.get(kMarch, std::nullopt);
    CHECK(anonymous.status == 401);
    CHECK(header(anonymous, "WWW-Authenticate").rfind("Basic", 0) == 0);
    // Bob holds read-free-busy on none of Alice's calendars: for him they do not exist.
    CHECK(free_busy_calendars(f.store, "bob", "alice").empty());
    CHECK(f.get(kMarch, std::string("bob")).status == 404);
    // His own works, and shows only his.
    const Response bob = f.get("/freebusy/bob.vfb?start=20240301T000000Z&end=20240401T000000Z", std::string("bob"));
    REQUIRE(bob.status == 200);
    CHECK(with_prefix(bob.body, "FREEBUSY") ==
          std::vector<std::string>{"FREEBUSY;FBTYPE=BUSY:20240301T150000Z/20240301T160000Z"});
    // No such user; a user without any calendar.
    CHECK(f.get("/freebusy/nobody.vfb").status == 404);
    REQUIRE(f.store.add_user("carol", "Carol", "carol@example.org", "hash"));
    CHECK(f.get("/freebusy/carol.vfb", std::string("carol")).status == 404);
    // Read-only.
    const Response put = f.send("PUT", "/freebusy/alice.vfb", "x");
    CHECK(put.status == 405);
    CHECK(header(put, "Allow") == "OPTIONS, GET, HEAD");
    CHECK(f.send("OPTIONS", "/freebusy/alice.vfb").status == 200);
}

TEST_CASE("free/busy URL range parameters", "[engine][freebusy]") {
    FreeBusyUrl f;
    auto status_of = [&](const std::string& query) { return f.get("/freebusy/alice.vfb?" + query).status; };
    auto body_of = [&](const std::string& query) { return f.get("/freebusy/alice.vfb?" + query).body; };
    CHECK(status_of("start=2024-03-01&end=20240401T000000Z") == 400);
    CHECK(body_of("start=2024-03-01&end=20240401T000000Z").find("start: '2024-03-01' is not a UTC date-time") !=
          std::string::npos);
    CHECK(status_of("start=20240301T000000&end=20240401T000000Z") == 400);   // no Z
    CHECK(status_of("start=20240301T000000Z&end=20240230T000000Z") == 400);  // no Feb 30
    CHECK(status_of("start=&end=20240401T000000Z") == 400);
    CHECK(status_of("start=20240301T000000Z&start=20240302T000000Z") == 400);
    CHECK(body_of("start=20240301T000000Z&start=20240302T000000Z").find("twice") != std::string::npos);
    CHECK(status_of("start=20240401T000000Z&end=20240301T000000Z") == 400);
    CHECK(status_of("start=20240301T000000Z&end=20240301T000000Z") == 400);
    // At most 366 days: 2024 is a leap year, so Jan 1 2024 .. Jan 1 2025 is the longest.
    CHECK(status_of("start=20240101T000000Z&end=20250101T000000Z") == 200);
    CHECK(status_of("start=20240101T000000Z&end=20250101T000001Z") == 400);
    CHECK(body_of("start=20240101T000000Z&end=20250102T000000Z").find("366 days") != std::string::npos);
    // Other parameters are ignored.
    CHECK(status_of("start=20240301T000000Z&end=20240401T000000Z&_=12345") == 200);

    // One side given: 67 days from it; none: now - 7 days .. now + 60 days.
    const std::string from_start = body_of("start=20240301T000000Z");
    CHECK(utc_of_line(from_start, "DTEND") - utc_of_line(from_start, "DTSTART") == 67 * 86400);
    CHECK(utc_of_line(from_start, "DTSTART") == *xml::parse_utc_datetime("20240301T000000Z"));
    const std::string to_end = body_of("end=20240401T000000Z");
    CHECK(utc_of_line(to_end, "DTEND") == *xml::parse_utc_datetime("20240401T000000Z"));
    CHECK(utc_of_line(to_end, "DTEND") - utc_of_line(to_end, "DTSTART") == 67 * 86400);
    const Response plain = f.get("/freebusy/alice.vfb");
    REQUIRE(plain.status == 200);
    const std::int64_t stamp = utc_of_line(plain.body, "DTSTAMP");
    CHECK(utc_of_line(plain.body, "DTSTART") == stamp - 7 * 86400);
    CHECK(utc_of_line(plain.body, "DTEND") == stamp + 60 * 86400);
}

TEST_CASE("free/busy URL range parsing", "[freebusy]") {
    const auto ok = free_busy_url_range("start=20240301T000000Z&end=20240302T000000Z", 0);
    REQUIRE(std::holds_alternative<TimeRange>(ok));
    CHECK(std::get<TimeRange>(ok).start == *xml::parse_utc_datetime("20240301T000000Z"));
    CHECK(std::get<TimeRange>(ok).end == *xml::parse_utc_datetime("20240302T000000Z"));
    const auto defaults = free_busy_url_range("", 1000000000);
    REQUIRE(std::holds_alternative<TimeRange>(defaults));
    CHECK(std::get<TimeRange>(defaults).start == 1000000000 - 7 * 86400);
    CHECK(std::get<TimeRange>(defaults).end == 1000000000 + 60 * 86400);
    const auto bad = free_busy_url_range("end=tomorrow", 0);
    REQUIRE(std::holds_alternative<FreeBusyRangeError>(bad));
    CHECK(std::get<FreeBusyRangeError>(bad).message == "end: 'tomorrow' is not a UTC date-time YYYYMMDDTHHMMSSZ, "
                                                       "e.g. 20240301T000000Z");
    CHECK(target_query("/freebusy/a.vfb?start=x") == "start=x");
    CHECK(target_query("/freebusy/a.vfb").empty());
}

TEST_CASE("free/busy URL: grantees see the calendars shared with them, at any access level", "[engine][freebusy]") {
    FreeBusyUrl f;
    REQUIRE(f.store.add_user("carol", "Carol", "carol@example.org", "hash"));
    // work: free/busy only for bob; the nested calendar: read for the group team (bob, carol);
    // alice's default calendar stays hers.
    REQUIRE(f.store.share(kAliceHome + "work/", "bob", Access::freebusy).status == calbridge::store::ShareStatus::granted);
    const std::vector<std::string> team = {"bob", "carol"};
    REQUIRE(f.store.add_group_members("team", team).status == calbridge::store::GroupStatus::done);
    REQUIRE(f.store.share(kAliceHome + "folder/nested/", "team", Access::read).status == calbridge::store::ShareStatus::granted);

    CHECK(free_busy_calendars(f.store, "bob", "alice").size() == 2);
    const Response bob = f.get(kMarch, std::string("bob"));
    INFO(bob.body);
    REQUIRE(bob.status == 200);
    CHECK(with_prefix(bob.body, "FREEBUSY") ==
          std::vector<std::string>{
              "FREEBUSY;FBTYPE=BUSY:20240301T093000Z/20240301T110000Z",   // b (work) without a
              "FREEBUSY;FBTYPE=BUSY-TENTATIVE:20240302T090000Z/20240302T100000Z",
              "FREEBUSY;FBTYPE=BUSY:20240303T090000Z/20240303T100000Z",
              "FREEBUSY;FBTYPE=BUSY:20240304T090000Z/20240304T100000Z",
          });
    // No event content leaks through free/busy.
    CHECK(bob.body.find("SUMMARY") == std::string::npos);
    CHECK(bob.body.find("UID:freebusy-alice-") != std::string::npos);

    const Response carol = f.get(kMarch, std::string("carol"));
    REQUIRE(carol.status == 200);
    CHECK(with_prefix(carol.body, "FREEBUSY") ==
          std::vector<std::string>{"FREEBUSY;FBTYPE=BUSY:20240303T090000Z/20240303T100000Z",
                                   "FREEBUSY;FBTYPE=BUSY:20240304T090000Z/20240304T100000Z"});
    // A revoked grant: gone again.
    REQUIRE(f.store.unshare(kAliceHome + "folder/nested/", "team"));
    CHECK(f.get(kMarch, std::string("carol")).status == 404);
    CHECK(free_busy_calendars(f.store, "bob", "alice").size() == 1);
}
