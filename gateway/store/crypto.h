#pragma once
// The two cryptographic needs of the store: unguessable subscription tokens and their digests
// (only the SHA-256 of a token is stored, so a leaked store file does not leak live URLs).
#include <string>
#include <string_view>

namespace calbridge::store {

// 32 random bytes from OpenSSL's CSPRNG as 64 lowercase hex digits (URL-safe).
std::string random_token();

// The 32-byte SHA-256 digest of bytes, as raw bytes.
std::string sha256(std::string_view bytes);

}  // namespace calbridge::store
