#pragma once
// `calbridge cert [--out DIR] [--host NAME ...] [--days N] [--force]` (issue 6 item 5): a
// self-signed TLS certificate and key for [server] tls_cert/tls_key, with its SHA-256
// fingerprint for clients to compare. Needs no configuration and no store.
#include <string>
#include <vector>

namespace calbridge::cli {

struct CertOptions {
    std::string out_dir = ".";        // created when missing
    std::vector<std::string> hosts;   // empty: this machine's host name (localhost etc. always)
    int days = 365;
    bool force = false;               // replace existing files
};

// Writes <out>/calbridge-cert.pem and <out>/calbridge-key.pem (0600) and prints the names, the
// expiry, the fingerprint and the [server] lines to use them. kExitUsage for a bad --host or
// --days, kExitOutputError when a file exists (without --force) or cannot be written.
int run_cert(const CertOptions& options);

}  // namespace calbridge::cli
