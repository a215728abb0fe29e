// The status page over a real store (gateway/status/status_handler.h): who sees what, escaping
// of hostile values in the rendered page, the CSRF and same-origin refusals, and both ways of
// resolving a conflict.
#include <catch2/catch.hpp>

#include "gateway/status/status_data.h"
#include "gateway/status/status_page.h"
#include "unit/status/status_fixture.h"

using namespace statustest;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("no user gets 401 with the Basic challenge, /status redirects to /status/", "[status][handler]") {
    StatusFixture fx;
    const auto r = fx.handler.handle(StatusFixture::get(""));
    CHECK(r.status == 401);
    CHECK(r.headers.get("WWW-Authenticate").value_or("").find("Basic") == 0);
    const auto moved = fx.handler.handle(StatusFixture::get("alice", "/status"));
    CHECK(moved.status == 301);
    CHECK(moved.headers.get("Location") == "/status/");
    CHECK(fx.handler.handle(StatusFixture::get("alice", "/status/nothing")).status == 404);
    auto put = StatusFixture::get("alice");
    put.method = "PUT";
    CHECK(fx.handler.handle(put).status == 405);
    auto head = StatusFixture::get("alice");
    head.method = "HEAD";
    const auto h = fx.handler.handle(head);
    CHECK(h.status == 200);
    CHECK(h.omit_body);
}

TEST_CASE("an admin sees every user's calendars and conflicts, others only their own", "[status][handler]") {
    StatusFixture fx;
    const auto admin = fx.handler.handle(StatusFixture::get("alice"));
    REQUIRE(admin.status == 200);
    CHECK(admin.headers.get("Content-Type") == "text/html; charset=utf-8");
    CHECK(admin.headers.get("Cache-Control") == "no-store");
    CHECK(admin.headers.get("X-Frame-Options") == "DENY");
    CHECK(contains(admin.body, kAliceCal));
    CHECK(contains(admin.body, kBobCal));
    CHECK(contains(admin.body, "conflict-" + std::to_string(fx.alice_conflict)));
    CHECK(contains(admin.body, "conflict-" + std::to_string(fx.bob_conflict)));
    CHECK(contains(admin.body, "administrator"));

    const auto bob = fx.handler.handle(StatusFixture::get("bob"));
    REQUIRE(bob.status == 200);
    CHECK(contains(bob.body, kBobCal));
    CHECK_FALSE(contains(bob.body, "/dav/calendars/alice/"));
    CHECK_FALSE(contains(bob.body, "conflict-" + std::to_string(fx.alice_conflict)));
    CHECK(contains(bob.body, "conflict-" + std::to_string(fx.bob_conflict)));
    CHECK_FALSE(contains(bob.body, "administrator"));
    // Both versions' facts, side by side.
    CHECK(contains(admin.body, "Mine: client edit"));
    CHECK(contains(admin.body, "From the file"));
    CHECK(contains(admin.body, "Room 2"));
    CHECK(contains(admin.body, "20261127T100000 (Europe/Berlin)"));
}

TEST_CASE("hostile summaries, calendar names and file names are escaped", "[status][handler][html]") {
    StatusFixture fx;
    REQUIRE(fx.store.record_import_source({kAliceCal, "/data/<b>evil</b>.pst", "Calendar/\"><script>x()</script>", 1795000000,
                                           {1, 2, 3, 4, 5}}));
    const auto page = fx.handler.handle(StatusFixture::get("alice")).body;
    CHECK_FALSE(contains(page, "<script>"));
    CHECK_FALSE(contains(page, "<img"));
    CHECK_FALSE(contains(page, "<b>evil"));
    CHECK(contains(page, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;"));
    CHECK(contains(page, "Work &quot;&gt;&lt;img src=x&gt;"));
    CHECK(contains(page, "/data/&lt;b&gt;evil&lt;/b&gt;.pst"));
    CHECK(contains(page, "import:/data/&lt;mail&gt;.pst"));
    // The page's own markup is there: one style element, no script element at all.
    CHECK(contains(page, "<style>"));
    CHECK(page.find("<script") == std::string::npos);
}

TEST_CASE("a POST without same origin or without the right token is refused, nothing changes",
          "[status][handler][csrf]") {
    StatusFixture fx;
    const std::string before = fx.data(kAliceCal + "e1.ics");
    const auto id = fx.alice_conflict;
    SECTION("no Origin and no Referer") { CHECK(fx.handler.handle(fx.post("alice", id, "keep-other", "")).status == 403); }
    SECTION("another site's Origin") {
        CHECK(fx.handler.handle(fx.post("alice", id, "keep-other", "https://evil.example")).status == 403);
    }
    SECTION("Origin null (a sandboxed or redirected form)") {
        CHECK(fx.handler.handle(fx.post("alice", id, "keep-other", "null")).status == 403);
    }
    SECTION("another site's Referer, no Origin") {
        auto r = fx.post("alice", id, "keep-other", "");
        r.headers.add("Referer", kOrigin + ".evil.example/status/");
        CHECK(fx.handler.handle(r).status == 403);
    }
    SECTION("no token") {
        auto r = fx.post("alice", id, "keep-other");
        r.body = "action=keep-other";
        CHECK(fx.handler.handle(r).status == 403);
    }
    SECTION("a wrong token") {
        CHECK(fx.handler.handle(fx.post("alice", id, "keep-other", kOrigin, std::string(64, '0'))).status == 403);
    }
    SECTION("the token of another conflict") {
        CHECK(fx.handler.handle(fx.post("alice", id, "keep-other", kOrigin, fx.handler.csrf().token("alice", fx.bob_conflict)))
                  .status == 403);
    }
    SECTION("another user's token for this conflict") {
        CHECK(fx.handler.handle(fx.post("alice", id, "keep-other", kOrigin, fx.handler.csrf().token("bob", id))).status ==
              403);
    }
    SECTION("a token from another process's key") {
        const calbridge::status::CsrfGuard other;
        CHECK(fx.handler.handle(fx.post("alice", id, "keep-other", kOrigin, other.token("alice", id))).status == 403);
    }
    CHECK(fx.data(kAliceCal + "e1.ics") == before);
    CHECK(fx.store.conflict(id)->resolved == false);
}

TEST_CASE("the same-origin Referer alone is enough, with the right token", "[status][handler][csrf]") {
    StatusFixture fx;
    auto r = fx.post("alice", fx.alice_conflict, "keep-this", "");
    r.headers.add("Referer", kOrigin + "/status/");
    CHECK(fx.handler.handle(r).status == 303);
    CHECK(fx.store.conflict(fx.alice_conflict)->resolved);
}

TEST_CASE("a non-admin can neither see nor resolve another user's conflict", "[status][handler]") {
    StatusFixture fx;
    const std::string before = fx.data(kAliceCal + "e1.ics");
    // Even with a token made for bob and this id (which his page never shows), 404, not 403.
    const auto r = fx.handler.handle(fx.post("bob", fx.alice_conflict, "keep-other"));
    CHECK(r.status == 404);
    CHECK(fx.data(kAliceCal + "e1.ics") == before);
    CHECK_FALSE(fx.store.conflict(fx.alice_conflict)->resolved);
    // A conflict that does not exist answers the same.
    CHECK(fx.handler.handle(fx.post("bob", 9999, "keep-other")).status == 404);
    // His own works.
    CHECK(fx.handler.handle(fx.post("bob", fx.bob_conflict, "keep-this")).status == 303);
    CHECK(fx.store.conflict(fx.bob_conflict)->resolved);
}

TEST_CASE("keep the other version writes it, keep this version leaves the object, both resolve",
          "[status][handler]") {
    StatusFixture fx;
    const auto other = fx.handler.handle(fx.post("alice", fx.alice_conflict, "keep-other"));
    CHECK(other.status == 303);
    CHECK(other.headers.get("Location") == "/status/?resolved=" + std::to_string(fx.alice_conflict) + "&kept=other#conflicts");
    CHECK(contains(fx.data(kAliceCal + "e1.ics"), "SUMMARY:From the file"));
    CHECK(fx.store.conflict(fx.alice_conflict)->resolved);
    // Posting again: the conflict is no longer open.
    CHECK(fx.handler.handle(fx.post("alice", fx.alice_conflict, "keep-other")).status == 404);

    const std::string bob_before = fx.data(kBobCal + "b1.ics");
    const auto keep = fx.handler.handle(fx.post("alice", fx.bob_conflict, "keep-this"));  // an admin may
    CHECK(keep.status == 303);
    CHECK(fx.data(kBobCal + "b1.ics") == bob_before);
    CHECK(fx.store.conflict(fx.bob_conflict)->resolved);

    // The page after the redirect: the notice, and no open conflict left.
    auto after = StatusFixture::get("alice", "/status/?resolved=" + std::to_string(fx.bob_conflict) + "&kept=this");
    const auto page = fx.handler.handle(after).body;
    CHECK(contains(page, "No open conflicts."));
    CHECK(contains(page, "Conflict " + std::to_string(fx.bob_conflict) + " resolved"));
    CHECK_FALSE(contains(page, "class=\"conflict\""));
    // A query that is not ours shows no notice at all.
    const auto odd = fx.handler.handle(StatusFixture::get("alice", "/status/?resolved=<b>&kept=x")).body;
    CHECK_FALSE(contains(odd, "class=\"notice"));
}

TEST_CASE("an unknown action is a 400 and changes nothing", "[status][handler]") {
    StatusFixture fx;
    CHECK(fx.handler.handle(fx.post("alice", fx.alice_conflict, "keep-both")).status == 400);
    CHECK_FALSE(fx.store.conflict(fx.alice_conflict)->resolved);
}

TEST_CASE("the last bridge cycle with its counts and error is shown to the pair's owner", "[status][bridge]") {
    StatusFixture fx;
    const auto pair = fx.store.bridge_pair("bob-pair", kBobCal, "exchange:calendar");
    calbridge::store::BridgeOutcome o;
    o.finished_at = 1795000000;
    o.complete = false;
    o.local_created = 7;
    o.remote_updated = 3;
    o.conflicts = 1;
    o.error = "EWS SyncFolderItems: ErrorAccessDenied <for> bob";
    REQUIRE(fx.store.record_bridge_outcome(pair.id, o));
    const auto stored = fx.store.bridge_outcome(pair.id);
    REQUIRE(stored);
    CHECK(stored->local_created == 7);
    CHECK(stored->remote_updated == 3);
    CHECK(stored->error == o.error);
    CHECK_FALSE(stored->complete);
    CHECK_FALSE(fx.store.record_bridge_outcome(pair.id + 100, o));  // no such pair

    const auto page = fx.handler.handle(StatusFixture::get("bob")).body;
    CHECK(contains(page, "bob-pair"));
    CHECK(contains(page, "ErrorAccessDenied &lt;for&gt; bob"));
    CHECK(contains(page, "7 / 0 / 0"));
    CHECK(contains(page, "0 / 3 / 0"));
    CHECK(contains(page, "incomplete"));
    // Not alice's page unless she is an admin (she is); a non-admin third user sees nothing of it.
    REQUIRE(fx.store.add_user("carol", "Carol", "", "h"));
    const auto carol = fx.handler.handle(StatusFixture::get("carol")).body;
    CHECK_FALSE(contains(carol, "bob-pair"));
    CHECK(contains(carol, "No bridges."));
}

TEST_CASE("form fields are URL-decoded, tokens are per user and conflict", "[status][csrf]") {
    using calbridge::status::form_field;
    CHECK(form_field("a=1&csrf=ab%2Bc+d&x", "csrf") == "ab+c d");
    CHECK(form_field("a=1&x", "x") == "");
    CHECK_FALSE(form_field("a=1", "b"));
    CHECK(form_field("a%3D=2", "a=") == "2");
    const calbridge::status::CsrfGuard g(std::string(32, 'k'));
    CHECK(g.token("alice", 1).size() == 64);
    CHECK(g.token("alice", 1) == g.token("alice", 1));
    CHECK(g.token("alice", 1) != g.token("alice", 2));
    CHECK(g.token("alice", 1) != g.token("bob", 1));
    CHECK(g.token("alice", 12) != g.token("alice1", 2));
    CHECK(g.valid("alice", 1, g.token("alice", 1)));
    CHECK_FALSE(g.valid("alice", 1, g.token("alice", 1).substr(1)));
    CHECK(calbridge::status::CsrfGuard().token("alice", 1) != calbridge::status::CsrfGuard().token("alice", 1));
}

TEST_CASE("owner_of and visibility by path", "[status][data]") {
    using calbridge::status::owner_of;
    using calbridge::status::visible_to;
    CHECK(owner_of("/dav/calendars/bob/calendar/") == "bob");
    CHECK(owner_of("/dav/calendars/") == "");
    CHECK(owner_of("/dav/other/bob/") == "");
    CHECK(visible_to("/dav/calendars/bob/x/", "bob", false));
    CHECK_FALSE(visible_to("/dav/calendars/bobby/x/", "bob", false));
    CHECK_FALSE(visible_to("/dav/calendars/bob/x/", "", false));
    CHECK(visible_to("/dav/calendars/bob/x/", "alice", true));
}

TEST_CASE("shares: the owner sees the grants, a grantee sees the calendar but never its conflicts", "[status][shares]") {
    StatusFixture fx;
    const std::string team = "team";
    const std::vector<std::string> members{"carol"};
    REQUIRE(fx.store.add_user("carol", "Carol", "", "h"));
    REQUIRE(fx.store.add_group_members(team, members).status == calbridge::store::GroupStatus::done);
    REQUIRE(fx.store.share(kAliceCal, "bob", calbridge::caldav::Access::read_write).status ==
            calbridge::store::ShareStatus::granted);
    REQUIRE(fx.store.share(kAliceCal, team, calbridge::caldav::Access::freebusy).status ==
            calbridge::store::ShareStatus::granted);

    const auto alice = fx.handler.handle(StatusFixture::get("alice")).body;
    const auto shares = alice.substr(alice.find("id=\"shares\""));
    CHECK(contains(shares, "<td>bob</td><td>read-write</td>"));
    CHECK(contains(shares, "<td>group team</td><td>freebusy</td>"));

    const auto bob = fx.handler.handle(StatusFixture::get("bob")).body;
    CHECK(contains(bob, kAliceCal));
    CHECK(contains(bob, "shared by alice: read-write"));
    CHECK(contains(bob, "<code>/dav/calendars/bob/shared-alice-work/</code>"));  // the mount clients use
    CHECK(contains(bob, "None of your calendars is shared."));
    CHECK_FALSE(contains(bob, "conflict-" + std::to_string(fx.alice_conflict)));
    // Conflicts belong to the calendar's owner (and the admins): a read-write grantee may edit
    // the object over CalDAV, but the sources and their conflicts are not theirs to settle.
    CHECK(fx.handler.handle(fx.post("bob", fx.alice_conflict, "keep-other")).status == 404);
    CHECK_FALSE(fx.store.conflict(fx.alice_conflict)->resolved);

    // Free/busy through the group: listed, its content (the object count) not shown.
    const auto carol = fx.handler.handle(StatusFixture::get("carol")).body;
    CHECK(contains(carol, kAliceCal));
    CHECK(contains(carol, "shared by alice: freebusy"));
    CHECK(contains(carol, "<td class=\"n none\">-</td>"));
}

TEST_CASE("behind a TLS-terminating proxy the https Origin of the same host is accepted", "[status][handler][csrf]") {
    StatusFixture fx;
    // The gateway sees http (allow_insecure behind a proxy), the browser sends https.
    const std::string https_origin = "https://" + kOrigin.substr(kOrigin.find("://") + 3);
    CHECK(fx.handler.handle(fx.post("alice", fx.alice_conflict, "keep-this", https_origin)).status == 303);
    CHECK(fx.store.conflict(fx.alice_conflict)->resolved);
    // Another port of the same host is another origin.
    CHECK(fx.handler.handle(fx.post("bob", fx.bob_conflict, "keep-this", "http://127.0.0.1:1")).status == 403);
}

TEST_CASE("a page shows the oldest 100 conflicts, only the user's, and a kept version without facts is not a deletion",
          "[status][handler]") {
    StatusFixture fx;
    // 120 more conflicts of alice's: bob's page reads none of them, hers shows 100 and says so.
    for (int i = 0; i < 120; ++i)
        fx.store.record_conflict({kAliceCal, "bulk-" + std::to_string(i), "import:/data/a.pst", "both-changed", "",
                                  "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:bulk\r\nPRIORITY:1\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"});
    const auto data = calbridge::status::gather_status(fx.store, "bob", false);
    REQUIRE(data.conflicts.size() == 1);
    CHECK(data.conflicts[0].conflict.id == fx.bob_conflict);
    CHECK_FALSE(data.more_conflicts);
    const auto mine = calbridge::status::gather_status(fx.store, "alice", false);
    CHECK(mine.conflicts.size() == calbridge::status::kMaxConflictsShown);
    CHECK(mine.more_conflicts);
    const auto page = fx.handler.handle(StatusFixture::get("alice")).body;
    CHECK(contains(page, "More conflicts are open"));
    // The bulk conflicts keep a version (a VTODO with no shown field): "present", not "deleted".
    const auto& bulk = mine.conflicts.back();
    CHECK_FALSE(bulk.other_deleted);
}
