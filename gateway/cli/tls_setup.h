#pragma once
// Which certificate `calbridge serve` uses (issue 6 item 5): [server] tls_cert/tls_key as
// configured, or with tls = "self-signed" a pair beside the store, made on the first run and
// reused afterwards. Also the default host names of `calbridge cert`.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "gateway/config/gateway_config.h"
#include "gateway/http/self_signed.h"

namespace calbridge::cli {

// "<store>-cert.pem" and "<store>-key.pem" (beside SQLite's "<store>-wal" and "-shm").
http::SelfSignedFiles self_signed_files_beside(const std::filesystem::path& store);

// The certificate and key to serve with; nullopt for plain HTTP. For tls = "self-signed" makes
// the pair when neither file exists (names: the bind address, or this machine's host name for
// a wildcard bind, plus localhost/127.0.0.1/::1), and logs that it is self-signed with its
// SHA-256 fingerprint. Throws std::runtime_error when only one of the two exists or they
// cannot be made (never replaces an existing key).
std::optional<http::SelfSignedFiles> prepare_tls(const config::GatewayConfig& config);

// This machine's host name (gethostname), empty when unknown or "localhost".
std::string machine_host_name();

}  // namespace calbridge::cli
