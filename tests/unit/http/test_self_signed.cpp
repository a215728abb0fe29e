// `calbridge cert` / tls = "self-signed" (issue 6 item 5): the generated pair read back with
// OpenSSL's own parsers and host/IP matchers, independent of how it was written.
#include <catch2/catch.hpp>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include "gateway/http/openssl_ptr.h"
#include "gateway/http/self_signed.h"
#include "gateway/http/tls_context.h"
#include "test_certificate.h"

namespace fs = std::filesystem;
using calbridge::http::SelfSignedFiles;
using calbridge::http::SelfSignedRequest;
using calbridge::http::test::TempDir;

namespace {

using Cert = calbridge::http::CertPtr;
using Key = calbridge::http::KeyPtr;

Cert read_cert(const fs::path& p) {
    FILE* f = std::fopen(p.c_str(), "rb");
    REQUIRE(f);
    Cert c(PEM_read_X509(f, nullptr, nullptr, nullptr));
    std::fclose(f);
    REQUIRE(c);
    return c;
}

Key read_key(const fs::path& p) {
    FILE* f = std::fopen(p.c_str(), "rb");
    REQUIRE(f);
    Key k(PEM_read_PrivateKey(f, nullptr, nullptr, nullptr));
    std::fclose(f);
    REQUIRE(k);
    return k;
}

// subjectAltName entries as "DNS:name" / "IP:<16 or 4 raw bytes as dotted/colon hex>".
std::set<std::string> san_of(X509* cert) {
    std::set<std::string> out;
    auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
    REQUIRE(names);
    for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
        const GENERAL_NAME* n = sk_GENERAL_NAME_value(names, i);
        if (n->type == GEN_DNS) {
            out.insert("DNS:" + std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(n->d.dNSName)),
                                            ASN1_STRING_length(n->d.dNSName)));
        } else if (n->type == GEN_IPADD) {
            std::ostringstream s;
            s << "IP:" << ASN1_STRING_length(n->d.iPAddress) << "bytes";
            out.insert(s.str());
        } else {
            out.insert("other");
        }
    }
    GENERAL_NAMES_free(names);
    return out;
}

std::time_t to_time(const ASN1_TIME* t) {
    std::tm tm{};
    REQUIRE(ASN1_TIME_to_tm(t, &tm) == 1);
    return ::timegm(&tm);
}

std::string file_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

SelfSignedFiles files_in(const TempDir& dir) { return {dir.path() / "c.pem", dir.path() / "k.pem"}; }

}  // namespace

TEST_CASE("self-signed certificate: SAN, validity, v3 extensions, key matches, self-signature verifies",
          "[http][tls][cert]") {
    TempDir dir;
    const SelfSignedFiles files = files_in(dir);
    SelfSignedRequest request;
    request.hosts = {"Cal.Example.org", "192.0.2.7", "[2001:db8::5]"};
    request.days = 30;
    const std::time_t before = std::time(nullptr);
    calbridge::http::write_self_signed(files, request, false);
    const std::time_t after = std::time(nullptr);

    Cert cert = read_cert(files.certificate);
    Key key = read_key(files.private_key);
    CHECK(X509_get_version(cert.get()) == X509_VERSION_3);
    CHECK(X509_check_private_key(cert.get(), key.get()) == 1);
    Key pub(X509_get_pubkey(cert.get()));
    CHECK(X509_verify(cert.get(), pub.get()) == 1);  // signed by its own key
    CHECK(EVP_PKEY_is_a(key.get(), "EC"));
    CHECK(EVP_PKEY_get_bits(key.get()) == 256);

    // RFC 6125: clients match the SAN; OpenSSL's matchers find each requested name.
    CHECK(X509_check_host(cert.get(), "cal.example.org", 0, 0, nullptr) == 1);
    CHECK(X509_check_host(cert.get(), "localhost", 0, 0, nullptr) == 1);
    CHECK(X509_check_host(cert.get(), "other.example.org", 0, 0, nullptr) == 0);
    CHECK(X509_check_ip_asc(cert.get(), "192.0.2.7", 0) == 1);
    CHECK(X509_check_ip_asc(cert.get(), "2001:db8::5", 0) == 1);
    CHECK(X509_check_ip_asc(cert.get(), "127.0.0.1", 0) == 1);
    CHECK(X509_check_ip_asc(cert.get(), "::1", 0) == 1);
    CHECK(X509_check_ip_asc(cert.get(), "192.0.2.8", 0) == 0);
    CHECK(san_of(cert.get()) ==
          std::set<std::string>{"DNS:cal.example.org", "DNS:localhost", "IP:4bytes", "IP:16bytes"});
    CHECK(calbridge::http::subject_alt_names(request) ==
          std::vector<std::string>{"DNS:cal.example.org", "IP:192.0.2.7", "IP:2001:db8::5", "DNS:localhost",
                                   "IP:127.0.0.1", "IP:::1"});

    // Valid now (a few minutes back for slow clocks) for the requested days.
    const std::time_t not_before = to_time(X509_get0_notBefore(cert.get()));
    const std::time_t not_after = to_time(X509_get0_notAfter(cert.get()));
    CHECK(not_before <= before);
    CHECK(not_before >= before - 600);
    CHECK(not_after >= before + 30 * 86400);
    CHECK(not_after <= after + 30 * 86400);
    CHECK(std::chrono::system_clock::to_time_t(calbridge::http::certificate_not_after(files.certificate)) == not_after);

    // A server certificate, not a CA: basicConstraints CA:FALSE, digitalSignature, serverAuth.
    const uint32_t flags = X509_get_extension_flags(cert.get());
    CHECK((flags & EXFLAG_BCONS) != 0);
    CHECK((flags & EXFLAG_CA) == 0);
    CHECK((flags & EXFLAG_SS) != 0);  // self-signed per OpenSSL
    CHECK((X509_get_key_usage(cert.get()) & KU_DIGITAL_SIGNATURE) != 0);
    CHECK((X509_get_key_usage(cert.get()) & KU_KEY_CERT_SIGN) == 0);
    CHECK((X509_get_extended_key_usage(cert.get()) & XKU_SSL_SERVER) != 0);
    CHECK(X509_check_purpose(cert.get(), X509_PURPOSE_SSL_SERVER, 0) == 1);

    // Verifies as its own trust anchor, as `curl --cacert` and Python's cafile do.
    X509_STORE* store = X509_STORE_new();
    REQUIRE(X509_STORE_add_cert(store, cert.get()) == 1);
    X509_STORE_CTX* ctx = X509_STORE_CTX_new();
    REQUIRE(X509_STORE_CTX_init(ctx, store, cert.get(), nullptr) == 1);
    X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_SERVER);
    X509_VERIFY_PARAM_set1_host(X509_STORE_CTX_get0_param(ctx), "cal.example.org", 0);
    const int verified = X509_verify_cert(ctx);
    INFO(X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx)));
    CHECK(verified == 1);
    X509_STORE_CTX_free(ctx);
    X509_STORE_free(store);

    // The server's TLS context accepts the pair.
    CHECK_NOTHROW(calbridge::http::make_server_tls_context(files.certificate, files.private_key));
}

TEST_CASE("self-signed: the key file is 0600, the fingerprint is SHA-256 of the DER", "[http][tls][cert]") {
    TempDir dir;
    const SelfSignedFiles files = files_in(dir);
    calbridge::http::write_self_signed(files, {}, false);
    struct stat st {};
    REQUIRE(::stat(files.private_key.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    REQUIRE(::stat(files.certificate.c_str(), &st) == 0);
    CHECK((st.st_mode & 0077) != 0077);  // never world-writable

    Cert cert = read_cert(files.certificate);
    unsigned char* der = nullptr;
    const int length = i2d_X509(cert.get(), &der);
    REQUIRE(length > 0);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_length = 0;
    REQUIRE(EVP_Digest(der, static_cast<size_t>(length), md, &md_length, EVP_sha256(), nullptr) == 1);
    OPENSSL_free(der);
    char expected[3 * EVP_MAX_MD_SIZE] = {};
    for (unsigned int i = 0; i < md_length; ++i)
        std::snprintf(expected + 3 * i, 4, i + 1 < md_length ? "%02X:" : "%02X", md[i]);
    CHECK(calbridge::http::sha256_fingerprint(files.certificate) == expected);
    CHECK(std::string(expected).size() == 95);  // 32 bytes
}

TEST_CASE("self-signed: existing files are never replaced without overwrite; with it both are new",
          "[http][tls][cert]") {
    TempDir dir;
    const SelfSignedFiles files = files_in(dir);
    calbridge::http::write_self_signed(files, {}, false);
    const std::string key = file_text(files.private_key), cert = file_text(files.certificate);
    CHECK_THROWS_WITH(calbridge::http::write_self_signed(files, {}, false), Catch::Contains("--force"));
    CHECK(file_text(files.private_key) == key);
    CHECK(file_text(files.certificate) == cert);

    // Only the certificate there: still refused, and no key appears.
    TempDir other;
    const SelfSignedFiles half = files_in(other);
    std::ofstream(half.certificate) << "not mine\n";
    CHECK_THROWS(calbridge::http::write_self_signed(half, {}, false));
    CHECK_FALSE(fs::exists(half.private_key));
    CHECK(file_text(half.certificate) == "not mine\n");

    calbridge::http::write_self_signed(files, {}, true);
    CHECK(file_text(files.private_key) != key);
    CHECK(file_text(files.certificate) != cert);
    Cert replaced = read_cert(files.certificate);
    CHECK(X509_check_private_key(replaced.get(), read_key(files.private_key).get()) == 1);
    struct stat st {};
    REQUIRE(::stat(files.private_key.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    // No temporaries left beside them.
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path())) ++entries;
    CHECK(entries == 2);
}

TEST_CASE("self-signed: bad host names and validity are refused before anything is written", "[http][tls][cert]") {
    TempDir dir;
    const SelfSignedFiles files = files_in(dir);
    for (const char* bad : {"", "*.example.org", "a b", "host:8443", "a,DNS:evil", "-x", "127.0.0.1:80", "ex/ample"}) {
        INFO(bad);
        SelfSignedRequest r;
        r.hosts = {bad};
        CHECK_THROWS_AS(calbridge::http::write_self_signed(files, r, false), std::invalid_argument);
    }
    for (int days : {0, -1, 826}) {
        SelfSignedRequest r;
        r.days = days;
        CHECK_THROWS_AS(calbridge::http::write_self_signed(files, r, false), std::invalid_argument);
    }
    CHECK_FALSE(fs::exists(files.private_key));
    CHECK_FALSE(fs::exists(files.certificate));
}
