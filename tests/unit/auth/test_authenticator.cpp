#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>

#include "auth_fixture.h"
#include "gateway/auth/base64.h"

using namespace calbridge::auth;
using namespace calbridge::auth::test;

TEST_CASE("a repeated successful login is served from the cache without re-hashing", "[auth][authenticator]") {
    Fixture f;
    f.users["alice"] = hash_password("wonderland", 1000);
    Authenticator auth(f.lookup(), f.options());

    CHECK(ok(auth, "alice", "wonderland"));
    CHECK(f.hashings == 1);
    CHECK(ok(auth, "alice", "wonderland"));
    CHECK(ok(auth, "alice", "wonderland"));
    CHECK(f.hashings == 1);
    // The stored hash is still looked up each time, so changes take effect at once.
    CHECK(f.lookups == 3);
}

TEST_CASE("failed logins are never cached as success", "[auth][authenticator]") {
    Fixture f;
    f.users["alice"] = hash_password("wonderland", 1000);
    Authenticator auth(f.lookup(), f.options());

    CHECK_FALSE(ok(auth, "alice", "rabbit"));
    CHECK_FALSE(ok(auth, "alice", "rabbit"));
    CHECK(f.hashings == 2);  // each failure was computed, none remembered
    CHECK(ok(auth, "alice", "wonderland"));
    CHECK(f.hashings == 3);
    // A cached success for one password does not admit another.
    CHECK_FALSE(ok(auth, "alice", "rabbit"));
    CHECK(f.hashings == 4);
}

TEST_CASE("a changed password invalidates the cached success", "[auth][authenticator]") {
    Fixture f;
    f.users["alice"] = hash_password("old", 1000);
    Authenticator auth(f.lookup(), f.options());
    CHECK(ok(auth, "alice", "old"));
    f.users["alice"] = hash_password("new", 1000);
    CHECK_FALSE(ok(auth, "alice", "old"));
    CHECK(ok(auth, "alice", "new"));
    f.users.erase("alice");
    CHECK_FALSE(ok(auth, "alice", "new"));  // a removed user is out at once
}

TEST_CASE("cached successes expire after the TTL", "[auth][authenticator]") {
    Fixture f;
    f.users["alice"] = hash_password("pw", 1000);
    auto options = f.options();
    options.cache_ttl = std::chrono::seconds(300);
    Authenticator auth(f.lookup(), options);
    CHECK(ok(auth, "alice", "pw"));
    f.now += std::chrono::seconds(299);
    CHECK(ok(auth, "alice", "pw"));
    CHECK(f.hashings == 1);
    f.now += std::chrono::seconds(2);
    CHECK(ok(auth, "alice", "pw"));
    CHECK(f.hashings == 2);
}

TEST_CASE("the cache is bounded and evicts the least recently used", "[auth][authenticator]") {
    VerificationCache cache(2, std::chrono::seconds(60));
    auto t = Clock::now();
    auto a = VerificationCache::key("a", "1", "h"), b = VerificationCache::key("b", "1", "h"),
         c = VerificationCache::key("c", "1", "h");
    cache.insert(a, t);
    cache.insert(b, t);
    CHECK(cache.contains(a, t));  // a is now the most recent
    cache.insert(c, t);
    CHECK(cache.size() == 2);
    CHECK(cache.contains(a, t));
    CHECK_FALSE(cache.contains(b, t));
    CHECK(cache.contains(c, t));
    // Keys separate their parts: ("ab","c") is not ("a","bc").
    CHECK(VerificationCache::key("ab", "c", "h") != VerificationCache::key("a", "bc", "h"));
}

TEST_CASE("repeated failures lock the user name at that address for the window, without hashing", "[auth][authenticator]") {
    Fixture f;
    f.users["alice"] = hash_password("pw", 1000);
    f.users["bob"] = hash_password("builder", 1000);
    auto options = f.options();
    options.max_failures = 3;
    options.failure_window = std::chrono::seconds(60);
    Authenticator auth(f.lookup(), options);

    CHECK(ok(auth, "bob", "builder"));  // bob's client is logged in (cached)
    for (int i = 0; i < 3; ++i) CHECK_FALSE(ok(auth, "alice", "guess"));
    int before = f.hashings;
    CHECK_FALSE(ok(auth, "alice", "pw"));  // even the right password, while locked
    CHECK(f.hashings == before);             // and no hashing is spent on it
    CHECK(ok(auth, "bob", "builder"));     // other users are unaffected

    f.now += std::chrono::seconds(61);
    CHECK(ok(auth, "alice", "pw"));
}

TEST_CASE("a cached session keeps working while its user is locked", "[auth][authenticator]") {
    Fixture f;
    f.users["alice"] = hash_password("pw", 1000);
    auto options = f.options();
    options.max_failures = 2;
    Authenticator auth(f.lookup(), options);
    CHECK(ok(auth, "alice", "pw"));
    CHECK_FALSE(ok(auth, "alice", "x"));
    CHECK_FALSE(ok(auth, "alice", "y"));
    CHECK_FALSE(ok(auth, "alice", "z"));  // locked now
    CHECK(ok(auth, "alice", "pw"));        // the legitimate client's cached credentials
}

TEST_CASE("an unknown user fails after a dummy hash of the same cost", "[auth][authenticator]") {
    Fixture f;
    Authenticator auth(f.lookup(), f.options());
    CHECK_FALSE(ok(auth, "mallory", "pw"));
    CHECK(f.hashings == 1);
    CHECK_FALSE(ok(auth, "mallory", "pw"));
    CHECK(f.hashings == 2);
}

TEST_CASE("authenticate() takes an Authorization value end to end", "[auth][authenticator]") {
    Fixture f;
    f.users["j\xC3\xBCrgen"] = hash_password("a:b", 1000);
    Authenticator auth(f.lookup(), f.options());
    Authentication good = auth.authenticate("Basic " + base64_encode("j\xC3\xBCrgen:a:b"), kHome);
    CHECK(good.verdict == Verdict::accepted);
    CHECK(good.user == "j\xC3\xBCrgen");
    Authentication wrong = auth.authenticate("Basic " + base64_encode("j\xC3\xBCrgen:a"), kHome);
    CHECK(wrong.verdict == Verdict::rejected);
    CHECK(wrong.user.empty());
    CHECK(auth.authenticate("Basic !!", kHome).verdict == Verdict::rejected);
    CHECK(auth.authenticate("", kHome).verdict == Verdict::rejected);
}

TEST_CASE("concurrent checks agree and hash at most once per thread", "[auth][authenticator]") {
    Fixture f;
    f.users["alice"] = hash_password("pw", 1000);
    auto options = f.options();
    options.max_concurrent_verifications = 4;  // no thread is turned away as busy
    Authenticator auth(f.lookup(), options);
    std::atomic<int> successes{0};
    std::vector<std::thread> threads;
    // The same check already running answers busy (nothing checked); the HTTP session then asks
    // again, as this loop does: on a loaded machine the first hash can outlast other threads' tries.
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 50; ++i) {
                Verdict v = auth.check("alice", "pw", kHome);
                for (int retry = 0; v == Verdict::busy && retry < 2000; ++retry) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
                    v = auth.check("alice", "pw", kHome);
                }
                if (v == Verdict::accepted) ++successes;
            }
        });
    for (auto& t : threads) t.join();
    CHECK(successes == 200);
    CHECK(f.hashings >= 1);
    CHECK(f.hashings <= 4);
}
