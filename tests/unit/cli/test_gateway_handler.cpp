// The authentication front of `calbridge serve` (gateway/cli/gateway_handler.h), with a real
// Engine on a temporary store and an Authenticator with cheap hashes.
#include <catch2/catch.hpp>

#include <filesystem>
#include <future>
#include <latch>
#include <unistd.h>

#include "caldav/engine/engine.h"
#include "gateway/auth/authenticator.h"
#include "gateway/auth/base64.h"
#include "gateway/auth/password_hash.h"
#include "gateway/cli/gateway_handler.h"
#include "gateway/store/sqlite_store.h"

using namespace calbridge;
namespace fs = std::filesystem;

TEST_CASE("public targets: the bootstrap and token subscriptions only", "[cli][handler]") {
    CHECK(cli::is_public_target("/.well-known/caldav"));
    CHECK(cli::is_public_target("/.well-known/caldav?x=1"));
    CHECK(cli::is_public_target("/ics/abc.ics"));
    CHECK(cli::is_public_target("http://127.0.0.1:8008/ics/abc.ics"));
    CHECK_FALSE(cli::is_public_target("/dav/"));
    CHECK_FALSE(cli::is_public_target("/freebusy/alice.vfb?start=20240301T000000Z"));   // issue 6: needs a login
    CHECK_FALSE(cli::is_public_target("/dav/calendars/alice/ics/x.ics"));
    CHECK_FALSE(cli::is_public_target("/%69cs/abc.ics"));  // encoded: asks for credentials
    CHECK_FALSE(cli::is_public_target(""));
}

TEST_CASE("the access log never sees a token", "[cli][handler]") {
    CHECK(cli::redact_target("/ics/0123abcd.ics") == "/ics/<token>");
    CHECK(cli::redact_target("/ics/0123abcd.ics?x") == "/ics/<token>");
    CHECK(cli::redact_target("/dav/calendars/alice/") == "/dav/calendars/alice/");
    CHECK(cli::redact_target("/dav/calendars/alice/ics/a.ics") == "/dav/calendars/alice/ics/a.ics");
    // Every spelling the engine would serve as the token URL is redacted too.
    CHECK(cli::redact_target("/%69cs/0123abcd.ics") == "/ics/<token>");
    CHECK(cli::redact_target("//ics/0123abcd.ics") == "/ics/<token>");
    CHECK(cli::redact_target("http://127.0.0.1:8008/ics/0123abcd.ics") == "/ics/<token>");
    // A target the engine refuses is not logged as sent (it may hide a token).
    CHECK(cli::redact_target("/ics/0123abcd.ics#x") == "<refused target>");
}

TEST_CASE("credentials: valid set the user, wrong ones get 401 at once, none pass on without a user",
          "[cli][handler]") {
    const fs::path dir = fs::temp_directory_path() / ("calbridge-handler-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    {
        store::SqliteStore db(dir / "store.db");
        REQUIRE(db.add_user("alice", "Alice", "", auth::hash_password("pw", 1000)));
        auth::AuthenticatorOptions options;
        options.dummy_hash_iterations = 1000;
        auth::Authenticator authenticator([&db](std::string_view u) { return db.user_password_hash(u); }, options);
        caldav::Engine engine(db, {});
        cli::GatewayHandler handler(engine, authenticator);

        auto request = [](std::string target, std::string authorization = {}) {
            caldav::Request r;
            r.method = "PROPFIND";
            r.target = std::move(target);
            r.headers.add("Depth", "0");
            if (!authorization.empty()) r.headers.add("Authorization", std::move(authorization));
            r.user = "forged";  // whatever a caller left here is not trusted
            return r;
        };
        caldav::Request good = request("/dav/", "Basic " + auth::base64_encode("alice:pw"));
        CHECK(handler(good).status == 207);
        CHECK(good.user == std::optional<std::string>("alice"));

        caldav::Request bad = request("/dav/", "Basic " + auth::base64_encode("alice:nope"));
        const caldav::Response refused = handler(bad);
        CHECK(refused.status == 401);
        CHECK(refused.headers.get("WWW-Authenticate").has_value());
        CHECK_FALSE(bad.user);

        caldav::Request none = request("/dav/");
        CHECK(handler(none).status == 401);  // the engine's answer: a user is needed here
        CHECK_FALSE(none.user);

        caldav::Request token = request("/ics/unknown.ics", "Basic " + auth::base64_encode("alice:nope"));
        token.method = "GET";
        CHECK(handler(token).status == 404);  // public: the wrong credentials are not even looked at
        CHECK_FALSE(token.user);
    }
    fs::remove_all(dir);
}

TEST_CASE("busy password verification gets 503 with Retry-After, a lock holds for its address only",
          "[cli][handler]") {
    const fs::path dir = fs::temp_directory_path() / ("calbridge-handler-busy-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    {
        store::SqliteStore db(dir / "store.db");
        REQUIRE(db.add_user("alice", "Alice", "", auth::hash_password("pw", 1000)));
        REQUIRE(db.add_user("bob", "Bob", "", auth::hash_password("slow", 1000)));
        std::latch entered(1);
        std::latch release(1);
        auth::AuthenticatorOptions options;
        options.dummy_hash_iterations = 1000;
        options.max_concurrent_verifications = 1;
        options.max_failures = 2;
        options.verify = [&](std::string_view password, std::string_view stored) {
            if (password == "slow") {
                entered.count_down();
                release.wait();
            }
            return auth::verify_password(password, stored);
        };
        auth::Authenticator authenticator([&db](std::string_view u) { return db.user_password_hash(u); }, options);
        caldav::Engine engine(db, {});
        cli::GatewayHandler handler(engine, authenticator);

        auto request = [](std::string credentials, std::string from) {
            caldav::Request r;
            r.method = "PROPFIND";
            r.target = "/dav/";
            r.headers.add("Depth", "0");
            r.headers.add("Authorization", "Basic " + auth::base64_encode(credentials));
            r.remote_address = std::move(from);
            return r;
        };

        // bob's verification holds the only slot: alice cannot be checked now.
        auto slow = std::async(std::launch::async, [&] {
            caldav::Request r = request("bob:slow", "192.0.2.1");
            return handler(r).status;
        });
        entered.wait();
        caldav::Request waiting = request("alice:pw", "192.0.2.1");
        const caldav::Response busy = handler(waiting);
        CHECK(busy.status == 503);
        CHECK(busy.headers.get("Retry-After") == std::optional<std::string_view>("1"));
        CHECK_FALSE(busy.headers.has("WWW-Authenticate"));  // not a wrong password
        CHECK_FALSE(waiting.user);
        release.count_down();
        CHECK(slow.get() == 207);

        // Two failures lock alice at 198.51.100.7, not at 192.0.2.1.
        for (int i = 0; i < 2; ++i) {
            caldav::Request wrong = request("alice:guess", "198.51.100.7");
            CHECK(handler(wrong).status == 401);
        }
        caldav::Request locked = request("alice:pw", "198.51.100.7");
        CHECK(handler(locked).status == 401);
        caldav::Request home = request("alice:pw", "192.0.2.1");
        CHECK(handler(home).status == 207);
        CHECK(home.user == std::optional<std::string>("alice"));
    }
    fs::remove_all(dir);
}
