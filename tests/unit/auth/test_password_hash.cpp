#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "gateway/auth/base64.h"
#include "gateway/auth/password_hash.h"

using namespace calbridge::auth;

namespace {

constexpr unsigned kFast = 1000;  // tests only; production uses kDefaultPbkdf2Iterations

std::vector<std::string> fields(const std::string& stored) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t at; (at = stored.find('$', start)) != std::string::npos; start = at + 1)
        parts.push_back(stored.substr(start, at - start));
    parts.push_back(stored.substr(start));
    return parts;
}

}  // namespace

TEST_CASE("a password hash verifies with its password and nothing else", "[auth][hash]") {
    std::string stored = hash_password("correct horse battery staple", kFast);
    CHECK(verify_password("correct horse battery staple", stored));
    CHECK_FALSE(verify_password("correct horse battery stapl", stored));
    CHECK_FALSE(verify_password("Correct horse battery staple", stored));
    CHECK_FALSE(verify_password("", stored));
}

TEST_CASE("the hash string describes scheme, iterations, salt and key", "[auth][hash]") {
    std::string stored = hash_password("pw", kFast);
    auto parts = fields(stored);
    REQUIRE(parts.size() == 4);
    CHECK(parts[0] == "pbkdf2-sha256");
    CHECK(parts[1] == "1000");
    auto salt = base64_decode(parts[2]);
    auto key = base64_decode(parts[3]);
    REQUIRE(salt);
    REQUIRE(key);
    CHECK(salt->size() == 16);
    CHECK(key->size() == 32);
    // A fresh random salt each time: the same password never gives the same string.
    CHECK(hash_password("pw", kFast) != stored);
}

TEST_CASE("the default cost is OWASP's 600,000 PBKDF2-SHA256 iterations", "[auth][hash]") {
    std::string stored = hash_password("pw");
    CHECK(fields(stored)[1] == "600000");
    CHECK(verify_password("pw", stored));
}

TEST_CASE("a UTF-8 and empty password round-trip", "[auth][hash]") {
    std::string utf8 = "p\xC3\xA4sswo\xCC\x88rd \xF0\x9F\x94\x91";
    CHECK(verify_password(utf8, hash_password(utf8, kFast)));
    CHECK(verify_password("", hash_password("", kFast)));
    CHECK_FALSE(verify_password("x", hash_password("", kFast)));
}

TEST_CASE("a tampered hash string does not verify", "[auth][hash]") {
    std::string stored = hash_password("secret", kFast);
    auto parts = fields(stored);
    auto rebuild = [&](std::size_t i, const std::string& value) {
        auto p = parts;
        p[i] = value;
        return p[0] + "$" + p[1] + "$" + p[2] + "$" + p[3];
    };
    // One flipped bit of the derived key.
    std::string key = *base64_decode(parts[3]);
    key[5] = static_cast<char>(key[5] ^ 0x01);
    CHECK_FALSE(verify_password("secret", rebuild(3, base64_encode(key))));
    // Another salt, another iteration count.
    std::string salt = *base64_decode(parts[2]);
    salt[0] = static_cast<char>(salt[0] ^ 0x80);
    CHECK_FALSE(verify_password("secret", rebuild(2, base64_encode(salt))));
    CHECK_FALSE(verify_password("secret", rebuild(1, "1001")));
    // The untampered pieces still verify (the rebuild itself is faithful).
    CHECK(verify_password("secret", rebuild(1, "1000")));
}

TEST_CASE("malformed or unknown stored formats are false, never an exception", "[auth][hash]") {
    std::string good = hash_password("pw", kFast);
    auto parts = fields(good);
    const std::vector<std::string> bad = {
        "",
        "pw",
        "$$$",
        "pbkdf2-sha256$1000$" + parts[2],                            // three fields
        good + "$extra",                                             // five fields
        "pbkdf2-sha1$1000$" + parts[2] + "$" + parts[3],             // unknown scheme
        "$2b$12$abcdefghijklmnopqrstuvabcdefghijklmnopqrstuvwxyz012",  // bcrypt
        "pbkdf2-sha256$0$" + parts[2] + "$" + parts[3],              // zero iterations
        "pbkdf2-sha256$-5$" + parts[2] + "$" + parts[3],
        "pbkdf2-sha256$1e3$" + parts[2] + "$" + parts[3],
        "pbkdf2-sha256$99999999999$" + parts[2] + "$" + parts[3],    // beyond the cap
        "pbkdf2-sha256$1000$" + parts[2] + "!$" + parts[3],          // not base64
        "pbkdf2-sha256$1000$" + parts[2] + "$" + parts[3].substr(1),
        "pbkdf2-sha256$1000$QUJD$" + parts[3],                       // 3-byte salt
        "pbkdf2-sha256$1000$" + parts[2] + "$QUJDRA==",              // 4-byte key
        std::string("pbkdf2-sha256$1000$\0\0\0\0$", 24) + parts[3],
    };
    for (const auto& stored : bad) {
        INFO(stored);
        CHECK_NOTHROW(verify_password("pw", stored));
        CHECK_FALSE(verify_password("pw", stored));
    }
}

TEST_CASE("hash_password refuses a zero or excessive iteration count", "[auth][hash]") {
    CHECK_THROWS_AS(hash_password("pw", 0), std::invalid_argument);
    CHECK_THROWS_AS(hash_password("pw", kMaxPbkdf2Iterations + 1), std::invalid_argument);
}

TEST_CASE("base64 decoding is strict", "[auth][base64]") {
    CHECK(base64_decode("") == std::string());
    CHECK(base64_decode("Zg==") == std::string("f"));
    CHECK(base64_decode("Zm8=") == std::string("fo"));
    CHECK(base64_decode("Zm9v") == std::string("foo"));
    CHECK(base64_encode("foob") == "Zm9vYg==");
    CHECK_FALSE(base64_decode("Zg="));
    CHECK_FALSE(base64_decode("Z==="));
    CHECK_FALSE(base64_decode("Zm 9"));
    CHECK_FALSE(base64_decode("Z=g="));
    CHECK_FALSE(base64_decode("Zm9v\n"));
}
