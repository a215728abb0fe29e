// Issue 6 item 5: plain HTTP only on loopback; the rule `calbridge serve` applies before it starts.
#include <catch2/catch.hpp>

#include "gateway/config/bind_policy.h"
#include "gateway/config/gateway_config.h"

using calbridge::config::ConfigError;
using calbridge::config::insecure_bind_refusal;
using calbridge::config::is_loopback_bind;
using calbridge::config::parse_config;
using calbridge::config::serves_tls;

TEST_CASE("loopback binds: localhost, 127.0.0.0/8, ::1 and its IPv4-mapped form, bracketed or not", "[config][tls]") {
    for (const char* bind : {"localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "127.255.255.254", "::1",
                             "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1", "[::ffff:127.0.0.2]"}) {
        INFO(bind);
        CHECK(is_loopback_bind(bind));
    }
}

TEST_CASE("non-loopback binds: the wildcards, other addresses, host names, garbage", "[config][tls]") {
    for (const char* bind : {"0.0.0.0", "::", "[::]", "192.168.1.10", "10.0.0.1", "128.0.0.1", "126.255.255.255",
                             "::2", "fe80::1", "::ffff:10.0.0.1", "example.org", "localhost.example.org",
                             "mylocalhost", "localhost.", "", "127.0.0.1:8008", "127.0.0.256"}) {
        INFO(bind);
        CHECK_FALSE(is_loopback_bind(bind));
    }
}

TEST_CASE("serve is refused on a non-loopback bind without TLS, naming the three ways out", "[config][tls]") {
    auto c = parse_config("[server]\nbind = \"0.0.0.0\"\n");
    CHECK_FALSE(serves_tls(c.server));
    auto refusal = insecure_bind_refusal(c.server);
    REQUIRE(refusal);
    CHECK_THAT(*refusal, Catch::Contains("0.0.0.0"));
    CHECK_THAT(*refusal, Catch::Contains("[server] tls_cert and tls_key"));
    CHECK_THAT(*refusal, Catch::Contains("tls = \"self-signed\""));
    CHECK_THAT(*refusal, Catch::Contains("allow_insecure = true"));

    CHECK(insecure_bind_refusal(parse_config("[server]\nbind = \"::\"\n").server));
    CHECK(insecure_bind_refusal(parse_config("[server]\nbind = \"cal.example.org\"\n").server));
}

TEST_CASE("serve may start: loopback, TLS files, self-signed, or allow_insecure", "[config][tls]") {
    CHECK_FALSE(insecure_bind_refusal(parse_config("").server));  // default 127.0.0.1
    CHECK_FALSE(insecure_bind_refusal(parse_config("[server]\nbind = \"::1\"\n").server));
    CHECK_FALSE(insecure_bind_refusal(parse_config("[server]\nbind = \"localhost\"\n").server));
    auto files = parse_config("[server]\nbind = \"0.0.0.0\"\ntls_cert = \"c.pem\"\ntls_key = \"k.pem\"\n");
    CHECK(serves_tls(files.server));
    CHECK_FALSE(insecure_bind_refusal(files.server));
    auto self = parse_config("[server]\nbind = \"::\"\ntls = \"self-signed\"\n");
    CHECK(self.server.tls == "self-signed");
    CHECK(serves_tls(self.server));
    CHECK_FALSE(insecure_bind_refusal(self.server));
    auto insecure = parse_config("[server]\nbind = \"0.0.0.0\"\nallow_insecure = true\n");
    CHECK(insecure.server.allow_insecure);
    CHECK_FALSE(serves_tls(insecure.server));
    CHECK_FALSE(insecure_bind_refusal(insecure.server));
    // allow_insecure = false is the default, written out.
    CHECK(insecure_bind_refusal(parse_config("[server]\nbind = \"0.0.0.0\"\nallow_insecure = false\n").server));
}

TEST_CASE("tls and allow_insecure: bad values and conflicts are errors naming the key", "[config][tls]") {
    CHECK_THROWS_WITH(parse_config("[server]\ntls = \"yes\"\n"), Catch::Contains("server.tls") && Catch::Contains("self-signed"));
    CHECK_THROWS_WITH(parse_config("[server]\ntls = true\n"), Catch::Contains("server.tls"));
    CHECK_THROWS_WITH(parse_config("[server]\nallow_insecure = \"yes\"\n"), Catch::Contains("server.allow_insecure"));
    CHECK_THROWS_WITH(parse_config("[server]\ntls = \"self-signed\"\ntls_cert = \"c.pem\"\ntls_key = \"k.pem\"\n"),
                      Catch::Contains("tls_cert"));
    CHECK_THROWS_AS(parse_config("[server]\ntls = \"self-signed\"\ntls_cert = \"c.pem\"\ntls_key = \"k.pem\"\n"),
                    ConfigError);
}
