#include "gateway/cli/tls_setup.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>

#include "gateway/config/bind_policy.h"

namespace calbridge::cli {

namespace fs = std::filesystem;

http::SelfSignedFiles self_signed_files_beside(const fs::path& store) {
    return {fs::path(store.string() + "-cert.pem"), fs::path(store.string() + "-key.pem")};
}

std::string machine_host_name() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0) return {};
    const std::string host(name);
    return host == "localhost" ? std::string() : host;
}

namespace {

bool is_wildcard(const std::string& bind) { return bind == "0.0.0.0" || bind == "::" || bind == "[::]" || bind.empty(); }

// Unreadable files are not reported here: loading the TLS context names the file and the reason.
void warn_if_expiring(const fs::path& certificate) {
    std::chrono::system_clock::time_point not_after;
    try {
        not_after = http::certificate_not_after(certificate);
    } catch (const std::exception&) {
        return;
    }
    const auto now = std::chrono::system_clock::now();
    if (not_after < now)
        spdlog::warn("TLS: the certificate {} has expired: clients will refuse it. Delete it and its key to have a new "
                     "one made, or run `calbridge cert`",
                     certificate.string());
    else if (not_after - now < std::chrono::hours(24 * 14))
        spdlog::warn("TLS: the certificate {} expires within 14 days", certificate.string());
}

}  // namespace

std::optional<http::SelfSignedFiles> prepare_tls(const config::GatewayConfig& config) {
    const config::ServerSection& server = config.server;
    if (server.tls_cert) {
        warn_if_expiring(*server.tls_cert);
        return http::SelfSignedFiles{*server.tls_cert, *server.tls_key};
    }
    if (server.tls != "self-signed") return std::nullopt;

    const http::SelfSignedFiles files = self_signed_files_beside(config.store.path);
    std::error_code ec;
    const bool have_cert = fs::exists(files.certificate, ec), have_key = fs::exists(files.private_key, ec);
    if (have_cert != have_key)
        throw std::runtime_error("TLS: " + (have_cert ? files.private_key : files.certificate).string() +
                                 " is missing but " + (have_cert ? files.certificate : files.private_key).string() +
                                 " exists: delete the other one too to have a new pair made");
    if (!have_cert) {
        http::SelfSignedRequest request;
        if (!is_wildcard(server.bind)) request.hosts.push_back(server.bind);
        else if (std::string host = machine_host_name(); !host.empty()) request.hosts.push_back(host);
        http::write_self_signed(files, request, false);
        std::string names;
        for (const std::string& n : http::subject_alt_names(request)) names += (names.empty() ? "" : ", ") + n;
        spdlog::info("TLS: made a self-signed certificate {} and key {} for {}", files.certificate.string(),
                     files.private_key.string(), names);
    } else {
        warn_if_expiring(files.certificate);
    }
    spdlog::warn("TLS: serving with the SELF-SIGNED certificate {} (tls = \"self-signed\", for testing), SHA-256 "
                 "fingerprint {}; clients must trust this certificate (e.g. curl --cacert {})",
                 files.certificate.string(), http::sha256_fingerprint(files.certificate), files.certificate.string());
    return files;
}

}  // namespace calbridge::cli
