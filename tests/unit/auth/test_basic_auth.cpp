#include <catch2/catch.hpp>

#include "gateway/auth/base64.h"
#include "gateway/auth/basic_auth.h"

using namespace calbridge::auth;

namespace {
std::string basic(std::string_view user_colon_password) { return "Basic " + base64_encode(user_colon_password); }
}  // namespace

TEST_CASE("Basic credentials are parsed (RFC 7617 example)", "[auth][basic]") {
    // RFC 7617 2: "Aladdin" / "open sesame".
    auto c = parse_basic_authorization("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    REQUIRE(c);
    CHECK(c->user == "Aladdin");
    CHECK(c->password == "open sesame");
}

TEST_CASE("the scheme is case-insensitive and surrounding whitespace is ignored", "[auth][basic]") {
    auto c = parse_basic_authorization("  bAsIc   " + base64_encode("alice:pw") + " \t");
    REQUIRE(c);
    CHECK(c->user == "alice");
    CHECK(c->password == "pw");
}

TEST_CASE("the password may contain ':' and may be empty", "[auth][basic]") {
    auto c = parse_basic_authorization(basic("bob:a:b::c:"));
    REQUIRE(c);
    CHECK(c->user == "bob");
    CHECK(c->password == "a:b::c:");
    auto empty = parse_basic_authorization(basic("bob:"));
    REQUIRE(empty);
    CHECK(empty->password.empty());
}

TEST_CASE("UTF-8 user names and passwords are kept byte for byte", "[auth][basic]") {
    // RFC 7617 2.1's example: "test" / "123£" in UTF-8.
    auto rfc = parse_basic_authorization("Basic dGVzdDoxMjPCow==");
    REQUIRE(rfc);
    CHECK(rfc->user == "test");
    CHECK(rfc->password == "123\xC2\xA3");
    auto c = parse_basic_authorization(basic("j\xC3\xBCrgen:p\xC3\xA4ss\xF0\x9F\x94\x91"));
    REQUIRE(c);
    CHECK(c->user == "j\xC3\xBCrgen");
    CHECK(c->password == "p\xC3\xA4ss\xF0\x9F\x94\x91");
}

TEST_CASE("unpadded base64 is accepted", "[auth][basic]") {
    std::string encoded = base64_encode("alice:pw");  // 8 bytes: one "=" of padding
    while (!encoded.empty() && encoded.back() == '=') encoded.pop_back();
    REQUIRE(encoded.size() % 4 != 0);
    auto c = parse_basic_authorization("Basic " + encoded);
    REQUIRE(c);
    CHECK(c->password == "pw");
}

TEST_CASE("malformed Authorization values are refused", "[auth][basic]") {
    const std::vector<std::string> bad = {
        "",
        "Basic",
        "Basic ",
        "Basic@" + base64_encode("a:b"),
        "Bearer " + base64_encode("a:b"),
        "Digest username=\"a\"",
        "BasicX " + base64_encode("a:b"),
        "Basic !!!!",
        "Basic " + base64_encode("a:b") + " extra",
        "Basic Q",                          // one leftover character cannot be base64
        basic("no-colon-here"),
        basic(":password-without-user"),
        basic("ali\x01" "ce:pw"),             // control character in the user
        basic("alice:pw\n"),                 // and in the password
        basic("alice:\x7f"),
        basic("\xFF\xFE:pw"),                // not UTF-8
        basic("alice:\xC3"),                 // truncated sequence
        basic("alice:\xC0\xAF"),             // overlong '/'
        basic("alice:\xED\xA0\x80"),         // UTF-16 surrogate
        basic("alice:\xC2\x85"),             // C1 control (NEL)
    };
    for (const auto& value : bad) {
        INFO(value);
        CHECK_FALSE(parse_basic_authorization(value));
    }
}

TEST_CASE("unauthorized() challenges for Basic with UTF-8", "[auth][basic]") {
    auto r = unauthorized();
    CHECK(r.status == 401);
    auto challenge = r.headers.get("WWW-Authenticate");
    REQUIRE(challenge);
    CHECK(*challenge == "Basic realm=\"calbridge\", charset=\"UTF-8\"");
}
