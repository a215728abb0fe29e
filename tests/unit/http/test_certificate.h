#pragma once
// Self-signed certificates made with OpenSSL's API for the TLS tests (no openssl CLI).
#include <filesystem>
#include <string>

namespace calbridge::http::test {

struct CertificateFiles {
    std::filesystem::path certificate;  // PEM
    std::filesystem::path private_key;  // PEM, unencrypted
};

// An EC P-256 key and a certificate for CN=host_name with subjectAltName DNS:host_name and
// IP:127.0.0.1, valid from now for a day, written as <dir>/<stem>.crt and <stem>.key.
CertificateFiles make_self_signed(const std::filesystem::path& dir, const std::string& stem,
                                  const std::string& host_name = "localhost");

// A fresh temporary directory, removed on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace calbridge::http::test
