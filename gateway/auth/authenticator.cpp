#include "gateway/auth/authenticator.h"

#include <spdlog/spdlog.h>

#include "gateway/auth/basic_auth.h"

namespace calbridge::auth {

namespace {

// check() may be called with any name (not only parsed Basic credentials): keep log lines whole.
std::string printable(std::string_view user) {
    std::string out;
    for (char c : user) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    return out;
}

}  // namespace

Authenticator::Authenticator(HashLookup lookup, AuthenticatorOptions options)
    : lookup_(std::move(lookup)),
      options_(std::move(options)),
      cache_(options_.cache_capacity, options_.cache_ttl),
      failures_(options_.max_failures, options_.failure_window, options_.tracked_users) {}

std::optional<std::string> Authenticator::authenticate(std::string_view authorization) {
    auto credentials = parse_basic_authorization(authorization);
    if (!credentials) return std::nullopt;
    if (!check(credentials->user, credentials->password)) return std::nullopt;
    return std::move(credentials->user);
}

bool Authenticator::check(std::string_view user, std::string_view password) {
    const auto now = options_.now();
    // Looked up every time: a removed user or a changed password takes effect at once.
    std::optional<std::string> stored = lookup_(user);
    std::string key;
    if (stored) {
        key = VerificationCache::key(user, password, *stored);
        if (cache_.contains(key, now)) return true;
    }
    if (failures_.locked(user, now)) {
        spdlog::debug("auth: user '{}' is locked after repeated failures", printable(user));
        return false;
    }
    bool ok = false;
    if (stored) {
        ok = options_.verify(password, *stored);
    } else {
        (void)options_.verify(password, dummy_hash());  // same cost as a real user
    }
    if (ok) {
        cache_.insert(key, now);
        failures_.record_success(user);
        return true;
    }
    spdlog::warn("auth: failed login for user '{}'", printable(user));
    if (failures_.record_failure(user, now))
        spdlog::warn("auth: user '{}' locked for {} s after {} failed logins", printable(user),
                     options_.failure_window.count(), options_.max_failures);
    return false;
}

const std::string& Authenticator::dummy_hash() {
    std::call_once(dummy_once_, [this] {
        dummy_hash_ = hash_password("calbridge-dummy-password", options_.dummy_hash_iterations);
    });
    return dummy_hash_;
}

}  // namespace calbridge::auth
