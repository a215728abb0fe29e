#include "gateway/auth/password_hash.h"

// Why PBKDF2-HMAC-SHA256 rather than scrypt: scrypt is memory-hard and so costlier for GPU
// attackers, but at OWASP's parameters (N=2^17, r=8) every verification takes 128 MiB; with
// Basic auth several clients verify at once, and a burst of logins could exhaust a small
// server's memory. PBKDF2 costs CPU only (~0.3 s at 600,000 iterations), is FIPS 140
// approved, and the Authenticator's cache of successful verifications pays it once per
// client session rather than per request.

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <optional>
#include <stdexcept>
#include <vector>

#include "gateway/auth/base64.h"

namespace calbridge::auth {

namespace {

constexpr std::string_view kScheme = "pbkdf2-sha256";
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kKeyBytes = 32;  // the SHA-256 output size (RFC 8018 5.2: no gain beyond it)

std::optional<std::string> derive(std::string_view password, std::string_view salt, unsigned iterations,
                                  std::size_t length) {
    std::string key(length, '\0');
    int ok = PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                               reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()),
                               static_cast<int>(iterations), EVP_sha256(), static_cast<int>(length),
                               reinterpret_cast<unsigned char*>(key.data()));
    if (ok != 1) return std::nullopt;
    return key;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    for (;;) {
        auto at = text.find(separator);
        parts.push_back(text.substr(0, at));
        if (at == std::string_view::npos) return parts;
        text.remove_prefix(at + 1);
    }
}

bool reject(std::string_view why) {
    // The stored string itself is not logged: it is what an attacker would crack offline.
    spdlog::warn("auth: stored password hash rejected: {}", why);
    return false;
}

}  // namespace

std::string hash_password(std::string_view password, unsigned iterations) {
    if (iterations == 0 || iterations > kMaxPbkdf2Iterations)
        throw std::invalid_argument("PBKDF2 iteration count must be between 1 and " +
                                    std::to_string(kMaxPbkdf2Iterations));
    std::string salt(kSaltBytes, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(salt.data()), static_cast<int>(salt.size())) != 1)
        throw std::runtime_error("cannot hash the password: OpenSSL RAND_bytes failed (no entropy source?)");
    auto key = derive(password, salt, iterations, kKeyBytes);
    if (!key) throw std::runtime_error("cannot hash the password: OpenSSL PKCS5_PBKDF2_HMAC failed");
    return std::string(kScheme) + "$" + std::to_string(iterations) + "$" + base64_encode(salt) + "$" +
           base64_encode(*key);
}

bool verify_password(std::string_view password, std::string_view stored) {
    auto parts = split(stored, '$');
    if (parts.size() != 4) return reject("not of the form scheme$iterations$salt$hash");
    if (parts[0] != kScheme) return reject("unknown scheme (expected pbkdf2-sha256)");
    unsigned iterations = 0;
    auto [end, ec] = std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), iterations);
    if (ec != std::errc() || end != parts[1].data() + parts[1].size() || iterations == 0 ||
        iterations > kMaxPbkdf2Iterations)
        return reject("bad iteration count");
    auto salt = base64_decode(parts[2]);
    if (!salt || salt->size() < 8 || salt->size() > 64) return reject("bad salt");
    auto expected = base64_decode(parts[3]);
    if (!expected || expected->size() < 16 || expected->size() > 64) return reject("bad derived key");
    auto actual = derive(password, *salt, iterations, expected->size());
    if (!actual) return reject("PKCS5_PBKDF2_HMAC failed");
    return CRYPTO_memcmp(actual->data(), expected->data(), expected->size()) == 0;
}

}  // namespace calbridge::auth
