#include "gateway/http/self_signed.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <functional>
#include <memory>
#include <stdexcept>

#include "gateway/http/openssl_ptr.h"

namespace calbridge::http {

namespace fs = std::filesystem;

namespace {

std::string openssl_reason() {
    const unsigned long code = ERR_peek_last_error();
    ERR_clear_error();
    if (code == 0) return "unknown OpenSSL error";
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return text;
}

void check(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("self-signed certificate: ") + what + " failed: " + openssl_reason());
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return s;
}

// "IP:<canonical address>" for an IPv4/IPv6 literal (brackets allowed), else "DNS:<name>" for a
// host name (RFC 1123 2.1 letters, digits, hyphens, dots; '_' too, seen in internal names).
std::string alt_name(const std::string& host) {
    std::string h = host;
    if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
    unsigned char bytes[sizeof(in6_addr)];
    char text[INET6_ADDRSTRLEN];
    if (::inet_pton(AF_INET, h.c_str(), bytes) == 1) return std::string("IP:") + ::inet_ntop(AF_INET, bytes, text, sizeof text);
    if (::inet_pton(AF_INET6, h.c_str(), bytes) == 1) return std::string("IP:") + ::inet_ntop(AF_INET6, bytes, text, sizeof text);
    bool ok = !h.empty() && h.size() <= 253 && h.front() != '.' && h.front() != '-';
    for (char c : h)
        ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_');
    if (!ok)
        throw std::invalid_argument("--host \"" + host + "\": not a host name or IP address (letters, digits, '-', '.'; "
                                    "no port, no wildcard)");
    return "DNS:" + lower(h);
}

void add_extension(X509* cert, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);  // self-signed: issuer = subject
    ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
    check(ext != nullptr, OBJ_nid2sn(nid));
    check(X509_add_ext(cert, ext.get(), -1) == 1, "X509_add_ext");
}

// RFC 5280 4.1.2.2: a positive serial of at most 20 octets, unique per issuer: 159 random bits.
void set_random_serial(X509* cert) {
    unsigned char bytes[20];
    check(RAND_bytes(bytes, sizeof bytes) == 1, "RAND_bytes");
    bytes[0] &= 0x7f;
    bytes[0] |= 0x40;  // never zero, always 20 octets
    BnPtr bn(BN_bin2bn(bytes, sizeof bytes, nullptr));
    check(bn != nullptr, "BN_bin2bn");
    check(BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert)) != nullptr, "BN_to_ASN1_INTEGER");
}

CertPtr make_certificate(EVP_PKEY* key, const std::vector<std::string>& alt_names, int days) {
    CertPtr cert(X509_new());
    check(cert != nullptr, "X509_new");
    check(X509_set_version(cert.get(), X509_VERSION_3) == 1, "X509_set_version");
    set_random_serial(cert.get());
    // Five minutes back: a client whose clock runs a little behind still accepts it at once.
    check(X509_gmtime_adj(X509_getm_notBefore(cert.get()), -300) != nullptr, "notBefore");
    check(X509_time_adj_ex(X509_getm_notAfter(cert.get()), days, 0, nullptr) != nullptr, "notAfter");
    check(X509_set_pubkey(cert.get(), key) == 1, "X509_set_pubkey");

    const std::string first = alt_names.front().substr(alt_names.front().find(':') + 1);
    const std::string cn = first.size() <= 64 ? first : "calbridge";  // RFC 5280 A.1: ub-common-name 64
    X509_NAME* name = X509_get_subject_name(cert.get());
    check(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>("calbridge (self-signed)"), -1, -1, 0) == 1,
          "subject O");
    check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.c_str()), -1,
                                     -1, 0) == 1,
          "subject CN");
    check(X509_set_issuer_name(cert.get(), name) == 1, "X509_set_issuer_name");

    // A server certificate, not a CA (browsers refuse a CA certificate as a server's own,
    // e.g. Firefox's CA_CERT_USED_AS_END_ENTITY); clients trust it by importing or pinning it.
    add_extension(cert.get(), NID_basic_constraints, "critical,CA:FALSE");
    add_extension(cert.get(), NID_key_usage, "critical,digitalSignature");  // ECDHE + ECDSA signatures
    add_extension(cert.get(), NID_ext_key_usage, "serverAuth");            // RFC 5280 4.2.1.12
    std::string san;
    for (const std::string& n : alt_names) san += (san.empty() ? "" : ",") + n;
    add_extension(cert.get(), NID_subject_alt_name, san);                    // RFC 5280 4.2.1.6
    add_extension(cert.get(), NID_subject_key_identifier, "hash");
    add_extension(cert.get(), NID_authority_key_identifier, "keyid:always");
    check(X509_sign(cert.get(), key, EVP_sha256()) > 0, "X509_sign");
    return cert;
}

// Opens `path` for writing with `mode`: a new file (O_EXCL) or, to replace, a temporary beside it.
struct OpenedFile {
    int fd = -1;
    fs::path written;  // where the bytes go (the file itself, or the temporary)
};

OpenedFile open_new(const fs::path& path, mode_t mode, bool temporary) {
    OpenedFile f;
    if (temporary) {
        std::string pattern = path.string() + ".tmp-XXXXXX";
        f.fd = ::mkstemp(pattern.data());  // mode 0600 from the start
        f.written = pattern;
    } else {
        f.fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
        f.written = path;
    }
    if (f.fd < 0)
        throw std::runtime_error("cannot create " + f.written.string() + ": " + std::strerror(errno));
    if (::fchmod(f.fd, mode) != 0) {
        const int e = errno;
        ::close(f.fd);
        ::unlink(f.written.c_str());
        throw std::runtime_error("cannot set the mode of " + f.written.string() + ": " + std::strerror(e));
    }
    return f;
}

// Writes PEM through `write` into f and closes it; removes the file and throws on failure.
void write_pem(OpenedFile& f, const std::function<int(BIO*)>& write) {
    auto fail = [&](const std::string& why) {
        ::close(f.fd);
        ::unlink(f.written.c_str());
        throw std::runtime_error("cannot write " + f.written.string() + ": " + why);
    };
    BioPtr bio(BIO_new_fd(f.fd, BIO_NOCLOSE));
    if (!bio) fail(openssl_reason());
    if (write(bio.get()) != 1 || BIO_flush(bio.get()) != 1) fail(openssl_reason());
    if (::fsync(f.fd) != 0) fail(std::strerror(errno));
    if (::close(f.fd) != 0) {
        const int e = errno;
        ::unlink(f.written.c_str());
        throw std::runtime_error("cannot write " + f.written.string() + ": " + std::strerror(e));
    }
}

CertPtr read_certificate(const fs::path& file) {
    BioPtr bio(BIO_new_file(file.c_str(), "rb"));
    if (!bio) throw std::runtime_error("cannot read the certificate " + file.string() + ": " + openssl_reason());
    CertPtr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert) throw std::runtime_error(file.string() + " is not a PEM certificate: " + openssl_reason());
    return cert;
}

}  // namespace

std::vector<std::string> subject_alt_names(const SelfSignedRequest& request) {
    std::vector<std::string> out;
    auto add = [&](const std::string& host) {
        const std::string n = alt_name(host);
        for (const std::string& have : out)
            if (have == n) return;
        out.push_back(n);
    };
    for (const std::string& h : request.hosts) add(h);
    for (const char* h : {"localhost", "127.0.0.1", "::1"}) add(h);
    return out;
}

void write_self_signed(const SelfSignedFiles& files, const SelfSignedRequest& request, bool overwrite) {
    if (request.days < 1 || request.days > 825)
        throw std::invalid_argument("--days " + std::to_string(request.days) + ": must be 1 to 825");
    const std::vector<std::string> names = subject_alt_names(request);
    if (!overwrite)
        for (const fs::path& p : {files.private_key, files.certificate})
            if (std::error_code ec; fs::exists(fs::symlink_status(p, ec)))
                throw std::runtime_error(p.string() + " exists already; not replaced (use --force to replace the key "
                                                      "and certificate)");

    KeyPtr key(EVP_EC_gen("P-256"));  // NIST P-256 (RFC 8422): every TLS client has it
    check(key != nullptr, "EVP_EC_gen(P-256)");
    CertPtr cert = make_certificate(key.get(), names, request.days);

    OpenedFile key_file = open_new(files.private_key, 0600, overwrite);
    write_pem(key_file, [&](BIO* b) {
        return PEM_write_bio_PrivateKey(b, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
    OpenedFile cert_file;
    try {
        cert_file = open_new(files.certificate, 0644, overwrite);
        write_pem(cert_file, [&](BIO* b) { return PEM_write_bio_X509(b, cert.get()); });
    } catch (...) {
        ::unlink(key_file.written.c_str());  // no key without its certificate
        throw;
    }
    if (!overwrite) return;
    const std::pair<fs::path, fs::path> renames[] = {{key_file.written, files.private_key},
                                                     {cert_file.written, files.certificate}};
    for (const auto& [from, to] : renames) {
        if (::rename(from.c_str(), to.c_str()) != 0) {
            const int e = errno;
            ::unlink(key_file.written.c_str());
            ::unlink(cert_file.written.c_str());
            throw std::runtime_error("cannot replace " + to.string() + ": " + std::strerror(e));
        }
    }
}

std::string sha256_fingerprint(const fs::path& certificate) {
    CertPtr cert = read_certificate(certificate);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    check(X509_digest(cert.get(), EVP_sha256(), md, &length) == 1, "X509_digest");
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        if (i) out += ':';
        out += hex[md[i] >> 4];
        out += hex[md[i] & 15];
    }
    return out;
}

std::chrono::system_clock::time_point certificate_not_after(const fs::path& certificate) {
    CertPtr cert = read_certificate(certificate);
    std::tm tm{};
    check(ASN1_TIME_to_tm(X509_get0_notAfter(cert.get()), &tm) == 1, "ASN1_TIME_to_tm");
    return std::chrono::system_clock::from_time_t(::timegm(&tm));
}

}  // namespace calbridge::http
