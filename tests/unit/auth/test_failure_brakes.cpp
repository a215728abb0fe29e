// The brake on failed logins: per (client address, user) so that an attacker cannot lock the
// real user out, and per client address across user names against spraying.
#include <catch2/catch.hpp>

#include "auth_fixture.h"
#include "gateway/auth/client_address.h"

using namespace calbridge::auth;
using namespace calbridge::auth::test;

TEST_CASE("a user locked from one address still logs in from another", "[auth][brake]") {
    Fixture f;
    f.users["alice"] = hash_password("pw", 1000);
    auto options = f.options();
    options.max_failures = 3;
    Authenticator auth(f.lookup(), options);

    for (int i = 0; i < 3; ++i) CHECK_FALSE(ok(auth, "alice", "guess", kElsewhere));
    int before = f.hashings;
    CHECK(auth.check("alice", "pw", kElsewhere) == Verdict::rejected);  // locked there, right password or not
    CHECK(f.hashings == before);                                         // and without hashing
    CHECK(ok(auth, "alice", "pw", kHome));                              // the real user is not locked out
    CHECK(f.hashings == before + 1);
}

TEST_CASE("a success clears the failures of its own address and user only", "[auth][brake]") {
    Fixture f;
    f.users["alice"] = hash_password("pw", 1000);
    auto options = f.options();
    options.max_failures = 3;
    Authenticator auth(f.lookup(), options);
    for (int i = 0; i < 2; ++i) CHECK_FALSE(ok(auth, "alice", "typo", kHome));
    CHECK(ok(auth, "alice", "pw", kHome));
    for (int i = 0; i < 2; ++i) CHECK_FALSE(ok(auth, "alice", "typo", kHome));  // counted from zero again
    CHECK(ok(auth, "alice", "pw", kHome));
}

TEST_CASE("an address trying many user names is locked across names", "[auth][brake]") {
    Fixture f;
    f.users["bob"] = hash_password("builder", 1000);
    f.users["eve"] = hash_password("own-account", 1000);
    auto options = f.options();
    options.max_failures = 3;  // per address: 4 × 3 = 12
    options.failure_window = std::chrono::seconds(60);
    Authenticator auth(f.lookup(), options);

    // One failure per name never reaches the per-(address, user) limit...
    for (int i = 0; i < 6; ++i) CHECK_FALSE(ok(auth, "user" + std::to_string(i), "123456", kElsewhere));
    // ...and a valid account of the attacker's own does not reset the address's count.
    CHECK(ok(auth, "eve", "own-account", kElsewhere));
    for (int i = 6; i < 12; ++i) CHECK_FALSE(ok(auth, "user" + std::to_string(i), "123456", kElsewhere));
    int before = f.hashings;
    CHECK(auth.check("bob", "builder", kElsewhere) == Verdict::rejected);  // the address is locked
    CHECK(auth.check("user99", "123456", kElsewhere) == Verdict::rejected);
    CHECK(f.hashings == before);
    CHECK(ok(auth, "eve", "own-account", kElsewhere));  // cached credentials keep working
    CHECK(ok(auth, "bob", "builder", kHome));           // other addresses are unaffected

    f.now += std::chrono::seconds(61);
    CHECK(ok(auth, "bob", "builder", kElsewhere));
}

TEST_CASE("max_failures_per_address sets the spraying threshold", "[auth][brake]") {
    Fixture f;
    f.users["bob"] = hash_password("builder", 1000);
    auto options = f.options();
    options.max_failures = 5;
    options.max_failures_per_address = 2;
    Authenticator auth(f.lookup(), options);
    CHECK_FALSE(ok(auth, "a", "x", kElsewhere));
    CHECK(ok(auth, "bob", "builder", kElsewhere));  // one failure: not yet (and bob is now cached)
    CHECK_FALSE(ok(auth, "b", "x", kElsewhere));
    CHECK(auth.check("c", "x", kElsewhere) == Verdict::rejected);
    CHECK(f.hashings == 3);  // a, bob, b: "c" was refused without hashing
}

TEST_CASE("an IPv6 client counts by its /64 prefix", "[auth][brake]") {
    CHECK(address_block("192.0.2.1") == "192.0.2.1");
    CHECK(address_block("2001:db8:1:2:aaaa:bbbb:cccc:dddd") == "2001:db8:1:2::/64");
    CHECK(address_block("2001:db8:1:2::1") == "2001:db8:1:2::/64");
    CHECK(address_block("fe80::1%eth0") == "fe80::/64");
    CHECK(address_block("::ffff:192.0.2.1") == "192.0.2.1");  // a dual-stack listener's IPv4 client
    CHECK(address_block("") == "");
    CHECK(address_block("not:an:address") == "not:an:address");

    Fixture f;
    f.users["alice"] = hash_password("pw", 1000);
    auto options = f.options();
    options.max_failures = 2;
    Authenticator auth(f.lookup(), options);
    // A new address of the same /64 for every attempt is still the same client.
    CHECK_FALSE(ok(auth, "alice", "guess", "2001:db8:1:2::a"));
    CHECK_FALSE(ok(auth, "alice", "guess", "2001:db8:1:2::b"));
    CHECK(auth.check("alice", "pw", "2001:db8:1:2::c") == Verdict::rejected);
    CHECK(ok(auth, "alice", "pw", "2001:db8:1:3::1"));  // the next /64 is someone else
}
