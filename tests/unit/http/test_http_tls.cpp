#include <catch2/catch.hpp>

#include <openssl/ssl.h>

#include "server_fixture.h"
#include "test_certificate.h"
#include "test_client.h"

using namespace calbridge;
using namespace calbridge::http;
using namespace calbridge::http::test;
using Catch::Matchers::Contains;

namespace {

ServerConfig tls_config(const CertificateFiles& files) {
    auto config = test_config();
    config.tls_cert = files.certificate;
    config.tls_key = files.private_key;
    return config;
}

net::ssl::context client_context(const CertificateFiles& trusted) {
    net::ssl::context context(net::ssl::context::tls_client);
    context.load_verify_file(trusted.certificate.string());
    context.set_verify_mode(net::ssl::verify_peer);
    return context;
}

}  // namespace

TEST_CASE("HTTPS with a self-signed certificate the client verifies", "[http][tls]") {
    TempDir dir;
    auto files = make_self_signed(dir.path(), "server");
    Recorder recorder;
    RunningServer running(recorder.handler(), tls_config(files));
    auto context = client_context(files);
    TlsClient client(running.port(), context, "localhost");
    REQUIRE_FALSE(client.error());
    CHECK(SSL_version(client.stream().native_handle()) >= TLS1_2_VERSION);

    std::string host = "localhost:" + std::to_string(running.port());
    client.send("REPORT /dav/ HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 4\r\n\r\nbody");
    Response r = client.read();
    REQUIRE_FALSE(client.error());
    CHECK(r.result_int() == 200);
    CHECK(r.body() == "REPORT /dav/\nbody");
    client.send("GET /again HTTP/1.1\r\nHost: " + host + "\r\n\r\n");  // keep-alive over TLS
    CHECK(client.read().body() == "GET /again\n");
    auto seen = recorder.requests();
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].origin == "https://" + host);
}

TEST_CASE("TLS 1.2 clients get a forward-secret AEAD cipher", "[http][tls]") {
    TempDir dir;
    auto files = make_self_signed(dir.path(), "server");
    Recorder recorder;
    RunningServer running(recorder.handler(), tls_config(files));
    auto context = client_context(files);
    SSL_CTX_set_max_proto_version(context.native_handle(), TLS1_2_VERSION);
    TlsClient client(running.port(), context, "localhost");
    REQUIRE_FALSE(client.error());
    CHECK(SSL_version(client.stream().native_handle()) == TLS1_2_VERSION);
    std::string cipher = SSL_get_cipher_name(client.stream().native_handle());
    CHECK_THAT(cipher, Contains("ECDHE"));
    CHECK((cipher.find("GCM") != std::string::npos || cipher.find("CHACHA20") != std::string::npos));
}

TEST_CASE("a TLS client that does not trust the certificate fails the handshake", "[http][tls]") {
    TempDir dir;
    auto server_files = make_self_signed(dir.path(), "server");
    auto other = make_self_signed(dir.path(), "other");
    Recorder recorder;
    RunningServer running(recorder.handler(), tls_config(server_files));
    auto context = client_context(other);
    TlsClient client(running.port(), context, "localhost");
    CHECK(client.error());
    CHECK(recorder.count() == 0);
}

TEST_CASE("plain HTTP to the HTTPS port gets no HTTP answer", "[http][tls]") {
    TempDir dir;
    auto files = make_self_signed(dir.path(), "server");
    Recorder recorder;
    RunningServer running(recorder.handler(), tls_config(files));
    Client client(running.port());
    client.send(request_text("GET", "/"));
    Response r;
    CHECK(client.read(r));
    CHECK(recorder.count() == 0);
}

TEST_CASE("TLS configuration errors are reported clearly at start", "[http][tls]") {
    TempDir dir;
    auto files = make_self_signed(dir.path(), "server");
    auto other = make_self_signed(dir.path(), "other");
    Recorder recorder;
    auto start_with = [&](std::optional<std::filesystem::path> cert, std::optional<std::filesystem::path> key) {
        auto config = test_config();
        config.tls_cert = std::move(cert);
        config.tls_key = std::move(key);
        HttpServer server(config, recorder.handler());
        server.start();
    };
    CHECK_THROWS_WITH(start_with(dir.path() / "missing.crt", files.private_key),
                      Contains("missing.crt") && Contains("does not exist"));
    CHECK_THROWS_WITH(start_with(files.certificate, dir.path() / "missing.key"),
                      Contains("missing.key") && Contains("does not exist"));
    CHECK_THROWS_WITH(start_with(files.certificate, other.private_key),
                      Contains("other.key") && Contains("does not match the certificate"));
    CHECK_THROWS_WITH(start_with(files.private_key, files.private_key),
                      Contains("is not a usable PEM certificate"));
    CHECK_THROWS_WITH(start_with(files.certificate, files.certificate),
                      Contains("is not a usable PEM private key"));
    CHECK_THROWS_WITH(start_with(files.certificate, std::nullopt), Contains("only the certificate"));
    CHECK_THROWS_WITH(start_with(dir.path(), files.private_key), Contains("is a directory"));
    // And the right pair starts.
    CHECK_NOTHROW(start_with(files.certificate, files.private_key));
}
