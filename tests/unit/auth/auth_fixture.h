#pragma once
// Shared by the auth tests: a user table, a hash function that counts how often it runs, a
// hand-moved clock, and client addresses.
#include <atomic>
#include <map>
#include <string>

#include "gateway/auth/authenticator.h"

namespace calbridge::auth::test {

using Clock = std::chrono::steady_clock;

struct Fixture {
    std::map<std::string, std::string, std::less<>> users;
    std::atomic<int> lookups{0};
    std::atomic<int> hashings{0};
    Clock::time_point now = Clock::time_point{} + std::chrono::hours(1);

    AuthenticatorOptions options() {
        AuthenticatorOptions o;
        o.verify = [this](std::string_view password, std::string_view stored) {
            ++hashings;
            return verify_password(password, stored);
        };
        o.now = [this] { return now; };
        o.dummy_hash_iterations = 1000;
        return o;
    }
    Authenticator::HashLookup lookup() {
        return [this](std::string_view user) -> std::optional<std::string> {
            ++lookups;
            auto found = users.find(user);
            if (found == users.end()) return std::nullopt;
            return found->second;
        };
    }
};

// RFC 5737 documentation addresses: the legitimate client's and another one (an attacker's).
inline constexpr std::string_view kHome = "192.0.2.1";
inline constexpr std::string_view kElsewhere = "198.51.100.7";

inline bool ok(Authenticator& auth, std::string_view user, std::string_view password, std::string_view from = kHome) {
    return auth.check(user, password, from) == Verdict::accepted;
}

}  // namespace calbridge::auth::test
