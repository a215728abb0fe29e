#include "gateway/http/tls_context.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>

namespace calbridge::http {

namespace ssl = boost::asio::ssl;

namespace {

// The most recent OpenSSL error of this thread as text, and an empty error queue afterwards.
std::string openssl_reason() {
    unsigned long code = ERR_peek_last_error();
    ERR_clear_error();
    if (code == 0) return "unknown OpenSSL error";
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return text;
}

void require_readable(const std::filesystem::path& file, const char* what) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec))
        throw std::runtime_error(std::string("TLS ") + what + " file " + file.string() + " does not exist");
    if (std::filesystem::is_directory(file, ec))
        throw std::runtime_error(std::string("TLS ") + what + " file " + file.string() + " is a directory");
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw std::runtime_error(std::string("TLS ") + what + " file " + file.string() +
                                 " cannot be read: " + std::strerror(errno));
}

// Mozilla server-side TLS guidelines, "intermediate" configuration (TLS 1.2 part; TLS 1.3
// suites are OpenSSL's defaults, all AEAD).
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384";

}  // namespace

ssl::context make_server_tls_context(const std::filesystem::path& certificate_chain,
                                     const std::filesystem::path& private_key) {
    require_readable(certificate_chain, "certificate");
    require_readable(private_key, "private key");

    ssl::context context(ssl::context::tls_server);
    SSL_CTX* native = context.native_handle();
    if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1)
        throw std::runtime_error("TLS: cannot require TLS 1.2 or later: " + openssl_reason());
    context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                        ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                        ssl::context::single_dh_use | SSL_OP_CIPHER_SERVER_PREFERENCE |
                        SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
    if (SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1)
        throw std::runtime_error("TLS: cipher list rejected: " + openssl_reason());

    ERR_clear_error();
    if (SSL_CTX_use_certificate_chain_file(native, certificate_chain.c_str()) != 1)
        throw std::runtime_error("TLS certificate file " + certificate_chain.string() +
                                 " is not a usable PEM certificate: " + openssl_reason());
    // An encrypted key would make OpenSSL prompt on the terminal: refuse it instead.
    SSL_CTX_set_default_passwd_cb(native, [](char*, int, int, void*) { return 0; });
    if (SSL_CTX_use_PrivateKey_file(native, private_key.c_str(), SSL_FILETYPE_PEM) != 1) {
        if (ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH)
            throw std::runtime_error("TLS private key " + private_key.string() +
                                     " does not match the certificate " + certificate_chain.string() +
                                     ": " + openssl_reason());
        throw std::runtime_error("TLS private key file " + private_key.string() +
                                 " is not a usable PEM private key (encrypted keys are not supported): " +
                                 openssl_reason());
    }
    if (SSL_CTX_check_private_key(native) != 1)
        throw std::runtime_error("TLS private key " + private_key.string() +
                                 " does not match the certificate " + certificate_chain.string() + ": " +
                                 openssl_reason());
    return context;
}

}  // namespace calbridge::http
