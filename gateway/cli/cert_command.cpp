#include "gateway/cli/cert_command.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "gateway/cli/exit_codes.h"
#include "gateway/cli/tls_setup.h"
#include "gateway/http/self_signed.h"
#include "gateway/status/html.h"

namespace calbridge::cli {

namespace fs = std::filesystem;

int run_cert(const CertOptions& options) {
    http::SelfSignedRequest request;
    request.hosts = options.hosts;
    request.days = options.days;
    if (request.hosts.empty())
        if (std::string host = machine_host_name(); !host.empty()) request.hosts.push_back(host);
    std::vector<std::string> names;
    try {
        names = http::subject_alt_names(request);
        if (request.days < 1 || request.days > 825) throw std::invalid_argument("--days: must be 1 to 825");
    } catch (const std::invalid_argument& e) {
        spdlog::error("{}", e.what());
        return kExitUsage;
    }

    const fs::path dir = options.out_dir.empty() ? fs::path(".") : fs::path(options.out_dir);
    const http::SelfSignedFiles files{dir / "calbridge-cert.pem", dir / "calbridge-key.pem"};
    std::string fingerprint;
    std::chrono::system_clock::time_point not_after;
    try {
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec) throw std::runtime_error("cannot create the folder " + dir.string() + ": " + ec.message());
        http::write_self_signed(files, request, options.force);
        fingerprint = http::sha256_fingerprint(files.certificate);
        not_after = http::certificate_not_after(files.certificate);
    } catch (const std::exception& e) {
        spdlog::error("calbridge cert: {}", e.what());
        return kExitOutputError;
    }

    std::string name_list;
    for (const std::string& n : names) name_list += (name_list.empty() ? "" : ", ") + n;
    const std::string cert_abs = fs::absolute(files.certificate).lexically_normal().string();
    const std::string key_abs = fs::absolute(files.private_key).lexically_normal().string();
    std::printf("certificate  %s\n", cert_abs.c_str());
    std::printf("private key  %s (mode 0600: keep it secret)\n", key_abs.c_str());
    std::printf("names        %s\n", name_list.c_str());
    std::printf("valid until  %s\n", status::format_time(std::chrono::system_clock::to_time_t(not_after)).c_str());
    std::printf("SHA-256      %s\n", fingerprint.c_str());
    std::printf("\nSelf-signed: clients must be told to trust this certificate (import it, or compare the\n"
                "fingerprint when they ask). In calbridge.toml:\n\n[server]\ntls_cert = \"%s\"\ntls_key = \"%s\"\n",
                cert_abs.c_str(), key_abs.c_str());
    return kExitOk;
}

}  // namespace calbridge::cli
