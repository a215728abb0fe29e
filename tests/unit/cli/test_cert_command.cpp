// `calbridge cert` and serve's refusal of a non-loopback bind without TLS, as a user runs them
// (issue 6 item 5). The HTTPS answer of `serve` with tls = "self-signed" is checked by
// conformance/tls/self_signed_serve.py with curl and Python's ssl.
#include <sys/stat.h>

#include <regex>

#include "cli_support.h"
#include "gateway/http/self_signed.h"

using namespace clitest;

TEST_CASE("cert: writes the pair with a 0600 key, prints the file's SHA-256, never overwrites without --force",
          "[cli][tls][cert]") {
    ScratchDir dir("cert");
    Run made = run_calbridge("cert --out tls/sub --host cal.example.org --host 192.0.2.7 --days 10", dir.path());
    INFO(made.output);
    REQUIRE(made.exit_code == 0);
    const fs::path cert = dir.file("tls/sub/calbridge-cert.pem"), key = dir.file("tls/sub/calbridge-key.pem");
    REQUIRE(fs::exists(cert));
    REQUIRE(fs::exists(key));
    struct stat st {};
    REQUIRE(::stat(key.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    const std::string fingerprint = calbridge::http::sha256_fingerprint(cert);
    CHECK_THAT(made.output, Catch::Contains("SHA-256      " + fingerprint));
    CHECK_THAT(made.output, Catch::Contains("DNS:cal.example.org, IP:192.0.2.7, DNS:localhost, IP:127.0.0.1, IP:::1"));
    CHECK_THAT(made.output, Catch::Contains("tls_key = \""));
    const auto days = std::chrono::duration_cast<std::chrono::hours>(calbridge::http::certificate_not_after(cert) -
                                                                     std::chrono::system_clock::now());
    CHECK(days.count() > 10 * 24 - 2);
    CHECK(days.count() <= 10 * 24);

    const std::string key_text = read_text(key);
    Run again = run_calbridge("cert --out tls/sub", dir.path());
    CHECK(again.exit_code == 4);
    CHECK_THAT(again.output, Catch::Contains("--force"));
    CHECK(read_text(key) == key_text);
    CHECK(calbridge::http::sha256_fingerprint(cert) == fingerprint);

    Run forced = run_calbridge("cert --out tls/sub --force", dir.path());
    CHECK(forced.exit_code == 0);
    CHECK(read_text(key) != key_text);
    CHECK(calbridge::http::sha256_fingerprint(cert) != fingerprint);
    REQUIRE(::stat(key.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);

    CHECK(run_calbridge("cert --out x --host 'a b'", dir.path()).exit_code == 1);
    CHECK(run_calbridge("cert --out x --days 0", dir.path()).exit_code == 1);
    CHECK(run_calbridge("cert --out x --days 826", dir.path()).exit_code == 1);
    CHECK_FALSE(fs::exists(dir.file("x/calbridge-key.pem")));
}

TEST_CASE("serve on 0.0.0.0 without TLS exits 2 naming the ways out, before creating the store", "[cli][tls][serve]") {
    ScratchDir dir("serve-insecure");
    std::ofstream(dir.file("calbridge.toml")) << "[server]\nbind = \"0.0.0.0\"\nport = 0\n[store]\npath = \"store.db\"\n";
    Run refused = run_calbridge("serve", dir.path());
    INFO(refused.output);
    CHECK(refused.exit_code == 2);
    CHECK_THAT(refused.output, Catch::Contains("refusing to listen on 0.0.0.0 without TLS"));
    CHECK_THAT(refused.output, Catch::Contains("[server] tls_cert and tls_key"));
    CHECK_THAT(refused.output, Catch::Contains("tls = \"self-signed\""));
    CHECK_THAT(refused.output, Catch::Contains("allow_insecure = true"));
    CHECK(refused.output.find("calbridge: serving") == std::string::npos);
    CHECK_FALSE(fs::exists(dir.file("store.db")));

    std::ofstream(dir.file("v6.toml")) << "[server]\nbind = \"::\"\nport = 0\n[store]\npath = \"store.db\"\n";
    CHECK(run_calbridge("serve --config v6.toml", dir.path()).exit_code == 2);
}

TEST_CASE("serve with tls = self-signed: a key without its certificate stops it, the key is kept", "[cli][tls][serve]") {
    ScratchDir dir("serve-half-pair");
    std::ofstream(dir.file("calbridge.toml"))
        << "[server]\nbind = \"127.0.0.1\"\nport = 0\ntls = \"self-signed\"\n[store]\npath = \"store.db\"\n";
    std::ofstream(dir.file("store.db-key.pem")) << "an operator's key\n";
    Run refused = run_calbridge("serve", dir.path());
    INFO(refused.output);
    CHECK(refused.exit_code == 2);
    CHECK_THAT(refused.output, Catch::Contains("store.db-cert.pem is missing"));
    CHECK(read_text(dir.file("store.db-key.pem")) == "an operator's key\n");
    CHECK_FALSE(fs::exists(dir.file("store.db-cert.pem")));
}
