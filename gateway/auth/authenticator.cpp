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
    // An unknown user is checked against a dummy hash of the same cost, through the same path
    // (slots, concurrent duplicates): neither the time nor a 503 tells which names exist.
    const std::string& against = stored ? *stored : dummy_hash();
    const std::string key = VerificationCache::key(user, password, against);
    if (stored && cache_.contains(key, now)) return Verdict::accepted;
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
    const std::optional<bool> verified = verify_once(key, password, against);
    if (!verified) return Verdict::busy;
    const bool ok = stored && *verified;   // the dummy's own password opens nothing
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

std::optional<bool> Authenticator::verify_once(const std::string& key, std::string_view password,
                                              const std::string& stored) {
    std::optional<VerificationSlots::Slot> slot;
    {
        std::lock_guard lock(in_flight_mutex_);
        if (in_flight_.contains(key)) return std::nullopt;   // the same check is running now
        slot.emplace(slots_.try_acquire());
        if (!*slot) {
            note_busy();
            return std::nullopt;
        }
        in_flight_.insert(key);
    }
    struct Done {
        Authenticator& self;
        const std::string& key;
        ~Done() {
            std::lock_guard lock(self.in_flight_mutex_);
            self.in_flight_.erase(key);
        }
    } done{*this, key};
    note_slot_taken();
    return options_.verify(password, stored);
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
