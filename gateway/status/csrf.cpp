#include "gateway/status/csrf.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace calbridge::status {

CsrfGuard::CsrfGuard() : key_(32, '\0') {
    if (RAND_bytes(reinterpret_cast<unsigned char*>(key_.data()), static_cast<int>(key_.size())) != 1)
        throw std::runtime_error("status page: OpenSSL RAND_bytes failed to make the CSRF key");
}

CsrfGuard::CsrfGuard(std::string key) : key_(std::move(key)) {}

std::string CsrfGuard::token(std::string_view user, std::int64_t conflict_id) const {
    std::string message(user);
    message += '\n';
    message += std::to_string(conflict_id);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
              reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &length))
        throw std::runtime_error("status page: OpenSSL HMAC-SHA256 failed");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(2 * length);
    for (unsigned int i = 0; i < length; ++i) {
        hex += kHex[mac[i] >> 4];
        hex += kHex[mac[i] & 0x0F];
    }
    return hex;
}

bool CsrfGuard::valid(std::string_view user, std::int64_t conflict_id, std::string_view token) const {
    const std::string expected = this->token(user, conflict_id);
    return token.size() == expected.size() && CRYPTO_memcmp(token.data(), expected.data(), expected.size()) == 0;
}

namespace {

// "host:port" of an origin or a URL ("https://cal.example.org:8443/status/" -> "cal.example.org:8443").
std::string_view authority(std::string_view url) {
    const std::size_t scheme = url.find("://");
    if (scheme == std::string_view::npos) return {};
    url.remove_prefix(scheme + 3);
    return url.substr(0, url.find_first_of("/?#"));
}

}  // namespace

// The scheme is not compared: behind a TLS-terminating proxy (README "TLS", allow_insecure) the
// browser's origin is https while the gateway sees http. Host and port are what cross-site
// requests cannot fake (the Origin header is set by the browser), and the token binds the form.
bool same_origin(const caldav::Request& request) {
    const std::string_view own = authority(request.origin);
    if (own.empty()) return false;
    if (const auto origin = request.headers.get("Origin")) return authority(*origin) == own;
    if (const auto referer = request.headers.get("Referer")) return authority(*referer) == own;
    return false;
}

}  // namespace calbridge::status
