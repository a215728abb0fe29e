// /status/ behind the gateway's Basic authentication (gateway/cli/gateway_handler.h): the page
// gets the authenticated user, never one a caller left in the request.
#include <catch2/catch.hpp>

#include "caldav/engine/engine.h"
#include "gateway/auth/authenticator.h"
#include "gateway/auth/base64.h"
#include "gateway/auth/password_hash.h"
#include "gateway/cli/gateway_handler.h"
#include "unit/status/status_fixture.h"

using namespace statustest;

TEST_CASE("the gateway routes /status/ to the page after Basic authentication", "[status][routing]") {
    StatusFixture fx;
    REQUIRE(fx.store.set_password_hash("alice", auth::hash_password("pw", 1000)));
    REQUIRE(fx.store.set_password_hash("bob", auth::hash_password("pw2", 1000)));
    auth::AuthenticatorOptions options;
    options.dummy_hash_iterations = 1000;
    auth::Authenticator authenticator([&fx](std::string_view u) { return fx.store.user_password_hash(u); }, options);
    caldav::Engine engine(fx.store, {});
    cli::GatewayHandler handler(engine, authenticator, &fx.handler);

    auto request = [](std::string credentials) {
        caldav::Request r;
        r.method = "GET";
        r.target = "/status/";
        r.origin = kOrigin;
        r.user = "alice";  // forged: the handler clears it
        if (!credentials.empty()) r.headers.add("Authorization", "Basic " + auth::base64_encode(credentials));
        return r;
    };
    auto anonymous = request("");
    const auto challenge = handler(anonymous);
    CHECK(challenge.status == 401);
    CHECK(challenge.headers.get("WWW-Authenticate").has_value());
    auto wrong = request("alice:nope");
    CHECK(handler(wrong).status == 401);
    auto bob = request("bob:pw2");
    const auto page = handler(bob);
    CHECK(page.status == 200);
    CHECK(page.body.find("Signed in as <strong>bob</strong>") != std::string::npos);
    CHECK(page.body.find("/dav/calendars/alice/") == std::string::npos);
    // Absolute-form targets reach the page too (RFC 9112 3.2.2).
    auto absolute = request("alice:pw");
    absolute.target = kOrigin + "/status/";
    CHECK(handler(absolute).status == 200);
    // CalDAV is still the engine's.
    auto dav = request("alice:pw");
    dav.method = "PROPFIND";
    dav.target = "/dav/";
    dav.headers.add("Depth", "0");
    CHECK(handler(dav).status == 207);
}
