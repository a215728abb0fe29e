#pragma once
// Password hashes as stored in the user table: self-describing strings
//   pbkdf2-sha256$<iterations>$<salt, base64>$<derived key, base64>
// so the iteration count can be raised later without invalidating existing hashes.
#include <string>
#include <string_view>

namespace calbridge::auth {

// OWASP Password Storage Cheat Sheet (2023): PBKDF2-HMAC-SHA256 with 600,000 iterations.
inline constexpr unsigned kDefaultPbkdf2Iterations = 600'000;
// verify_password() refuses larger counts, so a tampered store cannot stall a thread for minutes.
inline constexpr unsigned kMaxPbkdf2Iterations = 10'000'000;

// A new random 16-byte salt (RAND_bytes) and a 32-byte PBKDF2-HMAC-SHA256 key. Tests pass a
// small iteration count; everything else keeps the default. Throws std::runtime_error when
// OpenSSL fails (no entropy) and std::invalid_argument for 0 or too many iterations.
std::string hash_password(std::string_view password, unsigned iterations = kDefaultPbkdf2Iterations);

// Recomputes the key with the stored salt and iterations and compares in constant time
// (CRYPTO_memcmp). An unknown scheme or a malformed string is false with a warning, never
// an exception.
bool verify_password(std::string_view password, std::string_view stored);

}  // namespace calbridge::auth
