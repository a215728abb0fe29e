#include "gateway/auth/verification_cache.h"

#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <stdexcept>

namespace calbridge::auth {

namespace {

// Each part is length-prefixed so that ("ab", "c") and ("a", "bc") digest differently.
void add_part(EVP_MD_CTX* ctx, std::string_view part) {
    std::array<unsigned char, 8> length{};
    auto n = static_cast<std::uint64_t>(part.size());
    for (std::size_t i = 0; i < length.size(); ++i) length[i] = static_cast<unsigned char>(n >> (8 * i));
    EVP_DigestUpdate(ctx, length.data(), length.size());
    EVP_DigestUpdate(ctx, part.data(), part.size());
}

}  // namespace

std::string VerificationCache::key(std::string_view user, std::string_view password, std::string_view stored_hash) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1) {
        EVP_MD_CTX_free(ctx);
        throw std::runtime_error("auth: OpenSSL SHA-256 is unavailable");
    }
    add_part(ctx, user);
    add_part(ctx, password);
    add_part(ctx, stored_hash);
    std::string digest(EVP_MAX_MD_SIZE, '\0');
    unsigned length = 0;
    EVP_DigestFinal_ex(ctx, reinterpret_cast<unsigned char*>(digest.data()), &length);
    EVP_MD_CTX_free(ctx);
    digest.resize(length);
    return digest;
}

bool VerificationCache::contains(const std::string& key, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    auto found = index_.find(key);
    if (found == index_.end()) return false;
    if (found->second->expires <= now) {
        recency_.erase(found->second);
        index_.erase(found);
        return false;
    }
    recency_.splice(recency_.begin(), recency_, found->second);
    return true;
}

void VerificationCache::insert(const std::string& key, Clock::time_point now) {
    if (capacity_ == 0) return;
    std::lock_guard lock(mutex_);
    if (auto found = index_.find(key); found != index_.end()) {
        found->second->expires = now + ttl_;
        recency_.splice(recency_.begin(), recency_, found->second);
        return;
    }
    while (index_.size() >= capacity_) {
        index_.erase(recency_.back().key);
        recency_.pop_back();
    }
    recency_.push_front({key, now + ttl_});
    index_.emplace(key, recency_.begin());
}

std::size_t VerificationCache::size() const {
    std::lock_guard lock(mutex_);
    return index_.size();
}

}  // namespace calbridge::auth
