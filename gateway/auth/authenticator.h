#pragma once
// Checks HTTP Basic credentials against the stored password hashes, with a cache of recent
// successes (PBKDF2 is deliberately slow and clients send credentials on every request) and a
// per-user brake on repeated failures. Thread-safe.
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "gateway/auth/failure_limiter.h"
#include "gateway/auth/password_hash.h"
#include "gateway/auth/verification_cache.h"

namespace calbridge::auth {

struct AuthenticatorOptions {
    std::size_t cache_capacity = 1024;
    std::chrono::seconds cache_ttl{300};
    unsigned max_failures = 5;             // per user name within failure_window; 0: no limit
    std::chrono::seconds failure_window{60};
    std::size_t tracked_users = 4096;
    // Replaceable for tests (to count hash computations) and to inject a clock.
    std::function<bool(std::string_view password, std::string_view stored)> verify = verify_password;
    std::function<std::chrono::steady_clock::time_point()> now = [] { return std::chrono::steady_clock::now(); };
    // Unknown users are checked against a dummy hash of this cost so that the answer time
    // does not reveal which user names exist.
    unsigned dummy_hash_iterations = kDefaultPbkdf2Iterations;
};

class Authenticator {
public:
    // The stored hash (password_hash.h format) of a user, or nullopt if there is no such user.
    using HashLookup = std::function<std::optional<std::string>(std::string_view user)>;

    explicit Authenticator(HashLookup lookup, AuthenticatorOptions options = {});

    // The user named by valid Basic credentials in an Authorization field value, else nullopt.
    std::optional<std::string> authenticate(std::string_view authorization);
    bool check(std::string_view user, std::string_view password);

private:
    const std::string& dummy_hash();

    HashLookup lookup_;
    AuthenticatorOptions options_;
    VerificationCache cache_;
    FailureLimiter failures_;
    std::once_flag dummy_once_;
    std::string dummy_hash_;
};

}  // namespace calbridge::auth
