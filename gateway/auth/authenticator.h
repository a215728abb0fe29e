#pragma once
// Checks HTTP Basic credentials against the stored password hashes, with a cache of recent
// successes (PBKDF2 is deliberately slow and clients send credentials on every request), a
// brake on repeated failures per (client address, user) and per client address, and a bound
// on concurrent password verifications. Thread-safe.
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "gateway/auth/failure_limiter.h"
#include "gateway/auth/password_hash.h"
#include "gateway/auth/verification_cache.h"
#include "gateway/auth/verification_slots.h"

namespace calbridge::auth {

struct AuthenticatorOptions {
    std::size_t cache_capacity = 1024;
    std::chrono::seconds cache_ttl{300};
    // Per (client address, user name) within failure_window; 0: no limit (neither brake).
    unsigned max_failures = 5;
    // Per client address across user names (one address trying many names) within
    // failure_window; 0: 4 × max_failures. Behind a reverse proxy every client has the proxy's
    // address: this brake then applies to all of them together.
    unsigned max_failures_per_address = 0;
    std::chrono::seconds failure_window{60};
    std::size_t tracked_keys = 4096;  // per brake: (address, user) pairs, addresses
    // Password verifications (PBKDF2, ~0.3 s of CPU each) running at once at most; at least 1.
    // Beyond that a check answers Verdict::busy at once, as does a check identical to one that
    // is running (its result will be in the cache). Cache hits need no slot.
    unsigned max_concurrent_verifications = default_verification_slots();
    // Replaceable for tests (to count hash computations) and to inject a clock.
    std::function<bool(std::string_view password, std::string_view stored)> verify = verify_password;
    std::function<std::chrono::steady_clock::time_point()> now = [] { return std::chrono::steady_clock::now(); };
    // Unknown users are checked against a dummy hash of this cost so that the answer time
    // does not reveal which user names exist.
    unsigned dummy_hash_iterations = kDefaultPbkdf2Iterations;
};

enum class Verdict {
    accepted,  // valid credentials
    rejected,  // wrong, malformed, or locked by the failure brake: 401
    busy,      // every verification slot is taken, or the same check is running; nothing was
               // checked: retry shortly (the HTTP server does, then 503)
};

struct Authentication {
    Verdict verdict = Verdict::rejected;
    std::string user;  // when accepted
};

class Authenticator {
public:
    // The stored hash (password_hash.h format) of a user, or nullopt if there is no such user.
    using HashLookup = std::function<std::optional<std::string>(std::string_view user)>;

    explicit Authenticator(HashLookup lookup, AuthenticatorOptions options = {});

    // Basic credentials in an Authorization field value, sent from remote_address (the
    // client's IP address, caldav::Request::remote_address).
    Authentication authenticate(std::string_view authorization, std::string_view remote_address);
    Verdict check(std::string_view user, std::string_view password, std::string_view remote_address);

private:
    const std::string& dummy_hash();
    // Hashes password against stored in a verification slot. nullopt (busy) when no slot is
    // free or when the same check (key) is already running: the caller answers busy, and a
    // retry after that check finds its result in the cache. Threads never wait for each other.
    std::optional<bool> verify_once(const std::string& key, std::string_view password, const std::string& stored);
    void note_busy();
    void note_slot_taken();

    HashLookup lookup_;
    AuthenticatorOptions options_;
    VerificationCache cache_;
    FailureLimiter pair_failures_;     // key: address block '\n' user
    FailureLimiter address_failures_;  // key: address block
    VerificationSlots slots_;
    std::mutex in_flight_mutex_;
    std::unordered_set<std::string> in_flight_;  // VerificationCache::key of the checks running now
    std::atomic<bool> saturated_{false};  // logs a run of busy answers once
    std::once_flag dummy_once_;
    std::string dummy_hash_;
};

}  // namespace calbridge::auth
