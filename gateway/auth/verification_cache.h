#pragma once
// Remembers recent successful password verifications so that a client sending the same Basic
// credentials with every request pays PBKDF2 (~0.3 s) once per TTL, not per request. Entries
// are SHA-256 digests of (user, password, stored hash): no plaintext is kept, and a changed
// password (a new stored hash) no longer matches. Bounded: least recently used goes first.
#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace calbridge::auth {

class VerificationCache {
public:
    using Clock = std::chrono::steady_clock;
    VerificationCache(std::size_t capacity, std::chrono::seconds ttl) : capacity_(capacity), ttl_(ttl) {}

    static std::string key(std::string_view user, std::string_view password, std::string_view stored_hash);
    // Present and younger than the TTL (the TTL counts from insert(), use does not extend it).
    bool contains(const std::string& key, Clock::time_point now);
    void insert(const std::string& key, Clock::time_point now);
    std::size_t size() const;

private:
    struct Entry {
        std::string key;
        Clock::time_point expires;
    };
    std::size_t capacity_;
    std::chrono::seconds ttl_;
    mutable std::mutex mutex_;
    std::list<Entry> recency_;  // front: most recently used
    std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

}  // namespace calbridge::auth
