#pragma once
// Brute-force brake: after max_failures failed logins for one key within window, that key is
// locked until the window ends. The Authenticator keeps two: keyed by (client address, user
// name), so that an attacker cannot lock the real user out from elsewhere, and keyed by client
// address alone with a higher threshold, against one address trying many names. While locked,
// attempts fail without hashing (which also bounds the CPU an attacker can make us spend).
// Clients whose credentials are already in the VerificationCache keep working. Bounded: at
// most `capacity` keys are tracked.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace calbridge::auth {

class FailureLimiter {
public:
    using Clock = std::chrono::steady_clock;
    FailureLimiter(unsigned max_failures, std::chrono::seconds window, std::size_t capacity)
        : max_failures_(max_failures), window_(window), capacity_(capacity) {}

    bool locked(std::string_view key, Clock::time_point now) const;
    // Returns true when this failure locks the key.
    bool record_failure(std::string_view key, Clock::time_point now);
    void record_success(std::string_view key);

private:
    struct Failures {
        unsigned count = 0;
        Clock::time_point window_start;
    };
    void make_room(Clock::time_point now);

    unsigned max_failures_;
    std::chrono::seconds window_;
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, Failures> failures_;
};

}  // namespace calbridge::auth
