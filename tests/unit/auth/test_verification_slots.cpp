// The bound on concurrent password verifications: when every slot is busy a check fails fast
// with Verdict::busy instead of queueing; cache hits never need a slot.
#include <catch2/catch.hpp>

#include <future>
#include <latch>
#include <stdexcept>
#include <thread>

#include "auth_fixture.h"

using namespace calbridge::auth;
using namespace calbridge::auth::test;
using namespace std::chrono_literals;

namespace {

// Options with two verification slots whose verify() counts `entered` down and then waits for
// `release` when it is given `password`: a test holds slots for as long as it needs.
AuthenticatorOptions blocking_on(Fixture& f, std::string_view password, std::latch& entered, std::latch& release) {
    auto options = f.options();
    options.max_concurrent_verifications = 2;
    options.verify = [&f, password = std::string(password), &entered, &release](std::string_view given,
                                                                                std::string_view stored) {
        ++f.hashings;
        if (given == password) {
            entered.count_down();
            release.wait();
        }
        return verify_password(given, stored);
    };
    return options;
}

}  // namespace

TEST_CASE("verification slots are counted and given back", "[auth][slots]") {
    VerificationSlots slots(2);
    auto a = slots.try_acquire();
    auto b = slots.try_acquire();
    CHECK(a);
    CHECK(b);
    CHECK(slots.in_use() == 2);
    CHECK_FALSE(slots.try_acquire());
    {
        auto moved = std::move(a);  // still held, once
        CHECK(slots.in_use() == 2);
    }
    CHECK(slots.in_use() == 1);
    CHECK(slots.try_acquire());  // a temporary: given back at once
    CHECK(slots.in_use() == 1);
    CHECK(VerificationSlots(0).count() == 1);
    CHECK(default_verification_slots() >= 1);
}

TEST_CASE("with every verification slot busy a check answers busy at once, cache hits still pass",
          "[auth][slots]") {
    Fixture f;
    f.users["alice"] = hash_password("pw", 1000);
    f.users["bob"] = hash_password("slow", 1000);
    f.users["carol"] = hash_password("pw", 1000);
    f.users["dave"] = hash_password("slow", 1000);
    std::latch entered(2);
    std::latch release(1);
    auto options = blocking_on(f, "slow", entered, release);
    options.max_failures = 1;  // a busy answer counted as a failure would lock carol below
    Authenticator auth(f.lookup(), options);
    REQUIRE(ok(auth, "alice", "pw"));  // cached from now on

    // Two verifications hold both slots (of different credentials: a check identical to a
    // running one answers busy without taking a slot).
    auto first = std::async(std::launch::async, [&] { return auth.check("bob", "slow", kHome); });
    auto second = std::async(std::launch::async, [&] { return auth.check("dave", "slow", kElsewhere); });
    entered.wait();
    const int hashed = f.hashings;

    CHECK(auth.check("carol", "pw", kHome) == Verdict::busy);     // no slot: no hashing, no waiting
    CHECK(auth.check("carol", "wrong", kHome) == Verdict::busy);
    CHECK(auth.check("nobody", "pw", kHome) == Verdict::busy);    // unknown users need a slot too
    CHECK(auth.authenticate("Basic Y2Fyb2w6cHc=", kHome).verdict == Verdict::busy);  // carol:pw
    CHECK(f.hashings == hashed);
    CHECK(auth.check("alice", "pw", kHome) == Verdict::accepted);  // a cache hit needs no slot

    release.count_down();
    CHECK(first.get() == Verdict::accepted);
    CHECK(second.get() == Verdict::accepted);
    // The slots are free again, and the busy answers were not counted as failures.
    CHECK(auth.check("carol", "pw", kHome) == Verdict::accepted);
}

TEST_CASE("a check identical to one running answers busy without hashing, and its retry is a cache hit",
          "[auth][slots]") {
    // A client opening several connections at once before its credentials are cached (the
    // kill -9 burst, a first sync): one PBKDF2; the others are busy for a moment and the HTTP
    // server runs them again (gateway/http, Response::retry_later) without a thread waiting.
    Fixture f;
    f.users["alice"] = hash_password("pw", 1000);
    std::latch entered(1);
    std::latch release(1);
    auto options = blocking_on(f, "pw", entered, release);
    Authenticator auth(f.lookup(), options);
    auto first = std::async(std::launch::async, [&] { return auth.check("alice", "pw", kHome); });
    entered.wait();   // the first check is hashing
    CHECK(auth.check("alice", "pw", kHome) == Verdict::busy);
    CHECK(auth.check("alice", "pw", kElsewhere) == Verdict::busy);   // the same check from anywhere
    CHECK(f.hashings == 1);
    CHECK(auth.check("alice", "other", kHome) == Verdict::rejected);   // other credentials take the free slot
    release.count_down();
    CHECK(first.get() == Verdict::accepted);
    const int hashed = f.hashings;
    CHECK(auth.check("alice", "pw", kHome) == Verdict::accepted);   // the retry: from the cache
    CHECK(f.hashings == hashed);
}

TEST_CASE("an unknown user takes the same path as a known one, so a 503 reveals no names", "[auth][slots]") {
    Fixture f;
    f.users["alice"] = hash_password("pw", 1000);
    std::latch entered(1);
    std::latch release(1);
    auto options = blocking_on(f, "slow", entered, release);
    Authenticator auth(f.lookup(), options);
    auto first = std::async(std::launch::async, [&] { return auth.check("nobody", "slow", kHome); });
    entered.wait();
    CHECK(auth.check("nobody", "slow", kHome) == Verdict::busy);   // as for alice above
    release.count_down();
    CHECK(first.get() == Verdict::rejected);
    // The dummy hash's own password opens nothing.
    CHECK(auth.check("nobody", "calbridge-dummy-password", kElsewhere) == Verdict::rejected);
}

TEST_CASE("a verification that throws gives its slot back", "[auth][slots]") {
    Fixture f;
    f.users["alice"] = hash_password("pw", 1000);
    auto options = f.options();
    options.max_concurrent_verifications = 1;
    bool fail = true;
    options.verify = [&](std::string_view password, std::string_view stored) {
        if (fail) throw std::runtime_error("injected");
        return verify_password(password, stored);
    };
    Authenticator auth(f.lookup(), options);
    CHECK_THROWS(auth.check("alice", "pw", kHome));
    fail = false;
    CHECK(auth.check("alice", "pw", kHome) == Verdict::accepted);
}
