// [[remote]] and [[bridge]] tables (issue 5 item 5).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "gateway/config/gateway_config.h"
#include "gateway/config/remote_secret.h"

using namespace calbridge::config;

namespace {

const std::string kRemote = R"(
[[remote]]
name = "exchange"
url = "https://mail.example.org/EWS/Exchange.asmx"
auth = "ntlm"
user = "EXAMPLE\\alice"
secret_env = "CALBRIDGE_TEST_SECRET"
)";

std::string error_of(const std::string& text) {
    try {
        parse_config(text, "t.toml");
    } catch (const ConfigError& e) {
        return e.what();
    }
    return {};
}

}  // namespace

TEST_CASE("remotes and bridges are read with their defaults", "[config][bridge]") {
    const auto c = parse_config(kRemote + R"(
[[remote]]
name = "onprem"
autodiscover_email = "bob@example.org"
auth = "negotiate"
user = "bob@example.org"
insecure_tls = true
ca_file = "ca.pem"
proxy = "http://proxy:3128"
timeout_seconds = 20

[[bridge]]
calendar = "/dav/calendars/alice/calendar"
remote = "exchange"

[[bridge]]
name = "team"
calendar = "/dav/calendars/alice/team/"
remote = "onprem"
folder = "shared:boss@example.org/calendar"
interval_seconds = 60
policy = "remote-wins"
)");
    REQUIRE(c.remotes.size() == 2);
    CHECK(c.remotes[0].kind == "ews");
    CHECK(c.remotes[0].user == "EXAMPLE\\alice");
    CHECK(c.remotes[0].secret_env == "CALBRIDGE_TEST_SECRET");
    CHECK_FALSE(c.remotes[0].insecure_tls);
    CHECK(c.remotes[0].timeout == std::chrono::seconds(60));
    CHECK(c.remotes[1].autodiscover_email == "bob@example.org");
    CHECK(c.remotes[1].insecure_tls);
    CHECK(c.remotes[1].ca_file == std::filesystem::path("ca.pem"));
    CHECK(c.remotes[1].proxy == "http://proxy:3128");
    CHECK(c.remotes[1].timeout == std::chrono::seconds(20));
    REQUIRE(c.bridges.size() == 2);
    CHECK(c.bridges[0].calendar == "/dav/calendars/alice/calendar/");
    CHECK(c.bridges[0].name == "/dav/calendars/alice/calendar/");
    CHECK(c.bridges[0].folder == "calendar");
    CHECK(c.bridges[0].remote_folder == RemoteFolder{});
    CHECK(c.bridges[0].interval == std::chrono::seconds(300));
    CHECK(c.bridges[0].policy == "merge");
    CHECK(c.bridges[1].name == "team");
    CHECK(c.bridges[1].remote_folder.mailbox == "boss@example.org");
    CHECK(c.bridges[1].remote_folder.subfolder.empty());
    CHECK(c.bridges[1].interval == std::chrono::seconds(60));
    CHECK(c.bridges[1].policy == "remote-wins");
    CHECK(c.remote("onprem") == &c.remotes[1]);
    CHECK(c.remote("nope") == nullptr);
}

TEST_CASE("remote folder names", "[config][bridge]") {
    CHECK(parse_remote_folder("calendar") == RemoteFolder{});
    CHECK(parse_remote_folder("calendar/Team") == RemoteFolder{"", "Team"});
    CHECK(parse_remote_folder("Team") == RemoteFolder{"", "Team"});
    CHECK(parse_remote_folder("shared:bob@example.org") == RemoteFolder{"bob@example.org", ""});
    CHECK(parse_remote_folder("shared:bob@example.org/calendar/Holidays") == RemoteFolder{"bob@example.org", "Holidays"});
    CHECK_FALSE(parse_remote_folder(""));
    CHECK_FALSE(parse_remote_folder("shared:bob/calendar"));
    CHECK_FALSE(parse_remote_folder("calendar/"));
}

TEST_CASE("bad remote and bridge tables are errors naming the line and key", "[config][bridge]") {
    CHECK(error_of(kRemote + "colour = 1\n").find("t.toml:8: remote[0].colour: unknown key") != std::string::npos);
    CHECK(error_of("[[remote]]\nname = \"x\"\nauth = \"basic\"\nuser = \"u\"\nsecret_env = \"S\"\n")
              .find("exactly one of url and autodiscover_email") != std::string::npos);
    CHECK(error_of("[[remote]]\nname = \"x\"\nurl = \"https://h/EWS/Exchange.asmx\"\nauth = \"basic\"\nuser = \"u\"\n")
              .find("secret_file or secret_env") != std::string::npos);
    CHECK(error_of("[[remote]]\nname = \"x\"\nurl = \"https://h/\"\nauth = \"digest\"\n").find("remote[0].auth: must be one of") !=
          std::string::npos);
    CHECK(error_of("[[remote]]\nname = \"x\"\nurl = \"ftp://h/\"\n").find("http:// or https://") != std::string::npos);
    CHECK(error_of("[[remote]]\nname = \"x\"\nkind = \"graph\"\n").find("must be \"ews\"") != std::string::npos);
    CHECK(error_of(kRemote + "[[bridge]]\ncalendar = \"/c/\"\nremote = \"other\"\n").find("not a [[remote]] name") !=
          std::string::npos);
    CHECK(error_of(kRemote + "[[bridge]]\ncalendar = \"/c/\"\nremote = \"exchange\"\npolicy = \"mine\"\n")
              .find("bridge[0].policy") != std::string::npos);
    CHECK(error_of(kRemote + "[[bridge]]\ncalendar = \"/c/\"\nremote = \"exchange\"\n[[bridge]]\nname = \"b\"\n"
                             "calendar = \"/c\"\nremote = \"exchange\"\n")
              .find("has another [[bridge]]") != std::string::npos);
    CHECK(error_of(kRemote + "[[bridge]]\ncalendar = \"c\"\nremote = \"exchange\"\n").find("calendar's path") !=
          std::string::npos);
    CHECK(error_of(kRemote + "[[bridge]]\ncalendar = \"/c/\"\nremote = \"exchange\"\ninterval_seconds = 1\n")
              .find("between 10 and 86400") != std::string::npos);
    CHECK(error_of("[remote]\nname = \"x\"\n").find("array of tables") != std::string::npos);
    // A negotiate remote may go without a secret (Kerberos credentials of the process).
    CHECK(error_of("[[remote]]\nname = \"k\"\nurl = \"https://h/EWS/Exchange.asmx\"\nauth = \"negotiate\"\nuser = \"u\"\n")
              .empty());
}

TEST_CASE("the secret comes from a file or the environment and is never in an error", "[config][bridge]") {
    std::random_device rd;
    const auto dir = std::filesystem::temp_directory_path() / ("calbridge-secret-" + std::to_string(rd()));
    std::filesystem::create_directories(dir);
    {
        std::ofstream(dir / "secret.txt") << "s3cret-value\r\nignored second line\n";
        std::ofstream(dir / "calbridge.toml") << "[[remote]]\nname = \"x\"\nurl = \"https://h/EWS/Exchange.asmx\"\n"
                                                  "auth = \"basic\"\nuser = \"u\"\nsecret_file = \"secret.txt\"\n";
    }
    const auto c = load_config(dir / "calbridge.toml");
    CHECK(c.remotes[0].secret_file == dir / "secret.txt");
    CHECK(read_remote_secret(c.remotes[0]) == "s3cret-value");

    RemoteSection env = c.remotes[0];
    env.secret_file.reset();
    env.secret_env = "CALBRIDGE_TEST_SECRET_VAR";
    ::unsetenv("CALBRIDGE_TEST_SECRET_VAR");
    try {
        read_remote_secret(env);
        FAIL("no error");
    } catch (const ConfigError& e) {
        CHECK(std::string(e.what()).find("CALBRIDGE_TEST_SECRET_VAR") != std::string::npos);
    }
    ::setenv("CALBRIDGE_TEST_SECRET_VAR", "from-env", 1);
    CHECK(read_remote_secret(env) == "from-env");
    ::unsetenv("CALBRIDGE_TEST_SECRET_VAR");

    RemoteSection missing = c.remotes[0];
    missing.secret_file = dir / "absent.txt";
    try {
        read_remote_secret(missing);
        FAIL("no error");
    } catch (const ConfigError& e) {
        CHECK(std::string(e.what()).find("absent.txt") != std::string::npos);
        CHECK(std::string(e.what()).find("s3cret") == std::string::npos);
    }
    std::filesystem::remove_all(dir);
}
