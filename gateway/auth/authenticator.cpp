#include "gateway/auth/authenticator.h"

#include <spdlog/spdlog.h>

#include "gateway/auth/basic_auth.h"
#include "gateway/auth/client_address.h"

namespace calbridge::auth {

namespace {

// check() may be called with any name (not only parsed Basic credentials): keep log lines whole.
std::string printable(std::string_view text) {
    std::string out;
    for (char c : text) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    return out;
}

unsigned per_address_limit(const AuthenticatorOptions& o) {
    if (o.max_failures == 0) return 0;
    return o.max_failures_per_address ? o.max_failures_per_address : 4 * o.max_failures;
}

}  // namespace

Authenticator::Authenticator(HashLookup lookup, AuthenticatorOptions options)
    : lookup_(std::move(lookup)),
      options_(std::move(options)),
      cache_(options_.cache_capacity, options_.cache_ttl),
      pair_failures_(options_.max_failures, options_.failure_window, options_.tracked_keys),
      address_failures_(per_address_limit(options_), options_.failure_window, options_.tracked_keys),
      slots_(options_.max_concurrent_verifications) {}

Authentication Authenticator::authenticate(std::string_view authorization, std::string_view remote_address) {
    auto credentials = parse_basic_authorization(authorization);
    if (!credentials) return {};
    Verdict verdict = check(credentials->user, credentials->password, remote_address);
    if (verdict != Verdict::accepted) return {verdict, {}};
    return {verdict, std::move(credentials->user)};
}

Verdict Authenticator::check(std::string_view user, std::string_view password, std::string_view remote_address) {
    const auto now = options_.now();
    // Looked up every time: a removed user or a changed password takes effect at once.
    std::optional<std::string> stored = lookup_(user);
    std::string key;
    if (stored) {
        key = VerificationCache::key(user, password, *stored);
        if (cache_.contains(key, now)) return Verdict::accepted;
    }
    // '\n' occurs in no address: the pair key splits unambiguously.
    const std::string address = address_block(remote_address);
    const std::string pair = address + '\n' + std::string(user);
    const std::string shown_address = address.empty() ? std::string("-") : printable(address);  // for logs
    if (address_failures_.locked(address, now)) {
        spdlog::debug("auth: address {} is locked after repeated failures", shown_address);
        return Verdict::rejected;
    }
    if (pair_failures_.locked(pair, now)) {
        spdlog::debug("auth: user '{}' from {} is locked after repeated failures", printable(user), shown_address);
        return Verdict::rejected;
    }
    bool ok = false;
    if (stored) {
        const std::optional<bool> verified = verify_shared(key, password, *stored);
        if (!verified) return Verdict::busy;
        ok = *verified;
    } else {
        VerificationSlots::Slot slot = slots_.try_acquire();
        if (!slot) {
            note_busy();
            return Verdict::busy;
        }
        note_slot_taken();
        (void)options_.verify(password, dummy_hash());  // same cost as a real user
    }
    if (ok) {
        cache_.insert(key, now);
        pair_failures_.record_success(pair);
        // The address's count stays: a valid account must not reset the brake on spraying.
        return Verdict::accepted;
    }
    spdlog::warn("auth: failed login for user '{}' from {}", printable(user), shown_address);
    if (pair_failures_.record_failure(pair, now))
        spdlog::warn("auth: user '{}' locked for {} s from {} after {} failed logins", printable(user),
                     options_.failure_window.count(), shown_address, options_.max_failures);
    if (address_failures_.record_failure(address, now))
        spdlog::warn("auth: address {} locked for {} s after {} failed logins across user names",
                     shown_address, options_.failure_window.count(), per_address_limit(options_));
    return Verdict::rejected;
}

std::optional<bool> Authenticator::verify_shared(const std::string& key, std::string_view password,
                                                const std::string& stored) {
    std::promise<bool> promise;
    std::optional<VerificationSlots::Slot> slot;
    {
        std::unique_lock lock(in_flight_mutex_);
        if (auto running = in_flight_.find(key); running != in_flight_.end()) {
            std::shared_future<bool> result = running->second;
            lock.unlock();
            return result.get();   // at most one PBKDF2's time
        }
        slot.emplace(slots_.try_acquire());
        if (!*slot) {
            note_busy();
            return std::nullopt;
        }
        in_flight_.emplace(key, promise.get_future().share());
    }
    note_slot_taken();
    bool ok = false;
    try {
        ok = options_.verify(password, stored);
    } catch (...) {
        promise.set_value(false);   // the waiters fail too; the caller sees the exception
        std::lock_guard lock(in_flight_mutex_);
        in_flight_.erase(key);
        throw;
    }
    promise.set_value(ok);
    std::lock_guard lock(in_flight_mutex_);
    in_flight_.erase(key);
    return ok;
}

void Authenticator::note_busy() {
    if (!saturated_.exchange(true, std::memory_order_relaxed))
        spdlog::warn("auth: all {} password verification slots busy: answering 503 until one is free (a flood of "
                     "logins with wrong or new credentials?)",
                     slots_.count());
}

void Authenticator::note_slot_taken() {
    if (saturated_.load(std::memory_order_relaxed) && saturated_.exchange(false, std::memory_order_relaxed))
        spdlog::info("auth: password verification slots available again");
}

const std::string& Authenticator::dummy_hash() {
    std::call_once(dummy_once_, [this] {
        dummy_hash_ = hash_password("calbridge-dummy-password", options_.dummy_hash_iterations);
    });
    return dummy_hash_;
}

}  // namespace calbridge::auth
