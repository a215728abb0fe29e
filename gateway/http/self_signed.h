#pragma once
// Self-signed TLS server certificates (`calbridge cert`, [server] tls = "self-signed"; issue 6
// item 5), made with OpenSSL 3's EVP_PKEY and X509 APIs: an EC P-256 key and an X.509 v3
// certificate that clients can pin or import as their own trust anchor.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace calbridge::http {

struct SelfSignedRequest {
    // The names clients use: DNS names and IPv4/IPv6 addresses (each becomes a subjectAltName
    // entry of its kind; RFC 6125 6.4: clients match against these, not the CN). "localhost",
    // 127.0.0.1 and ::1 are always added. The first name is also the subject's CN.
    std::vector<std::string> hosts;
    int days = 365;  // validity from now (1..825: Apple's platforms refuse longer TLS server certificates)
};

struct SelfSignedFiles {
    std::filesystem::path certificate;  // PEM, mode 0644
    std::filesystem::path private_key;  // PEM (PKCS #8, unencrypted), mode 0600
};

// The subjectAltName list a request gets: its hosts, then localhost, 127.0.0.1 and ::1, without
// duplicates (case-insensitive for names). Throws std::invalid_argument for an empty or
// malformed name (spaces, commas, a wildcard, an address with a port).
std::vector<std::string> subject_alt_names(const SelfSignedRequest& request);

// Writes a new key and certificate. Without overwrite, refuses (std::runtime_error naming the
// file and --force) when either file exists, and never replaces one; with overwrite, replaces
// both atomically (rename). The key file is created with mode 0600 before any byte is written.
// Throws std::runtime_error naming the file and the reason on any failure, leaving no half pair.
void write_self_signed(const SelfSignedFiles& files, const SelfSignedRequest& request, bool overwrite);

// "AB:CD:...": the SHA-256 fingerprint of a PEM certificate's DER encoding, as `openssl x509
// -fingerprint -sha256` prints it and as clients show it. Throws when the file is no certificate.
std::string sha256_fingerprint(const std::filesystem::path& certificate);

// The certificate's notAfter. Throws when the file is no certificate.
std::chrono::system_clock::time_point certificate_not_after(const std::filesystem::path& certificate);

}  // namespace calbridge::http
