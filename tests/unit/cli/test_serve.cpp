// `calbridge serve` and `calbridge user add` as a user runs them: a temporary configuration
// with port 0, the URL read from the first stdout line, requests over loopback, SIGTERM.
#include <regex>

#include "cli_support.h"
#include "gateway/auth/base64.h"
#include "serve_process.h"
#include "unit/http/test_client.h"

using namespace clitest;
namespace ht = calbridge::http::test;

namespace {

constexpr auto kStartDeadline = std::chrono::seconds(20);
constexpr auto kStopDeadline = std::chrono::seconds(10);

void write_config(const ScratchDir& dir) {
    std::ofstream(dir.file("calbridge.toml")) << "[server]\nbind = \"127.0.0.1\"\nport = 0\nthreads = 2\n"
                                                 "[store]\npath = \"store.db\"\n[log]\nlevel = \"info\"\n";
}

int status_of(unsigned short port, const std::string& method, const std::string& target,
              const std::string& authorization = {}) {
    ht::Client client(port);
    REQUIRE_FALSE(client.error());
    std::string extra = "Depth: 0\r\n";
    if (!authorization.empty()) extra += "Authorization: " + authorization + "\r\n";
    REQUIRE_FALSE(client.send(ht::request_text(method, target, extra)));
    ht::Response response = client.read();
    REQUIRE_FALSE(client.error());
    if (response.result_int() == 401) {
        // RFC 7617 2, 2.1: the challenge names the realm and the charset.
        const auto challenge = response[boost::beast::http::field::www_authenticate];
        CHECK(std::string(challenge.data(), challenge.size()).rfind("Basic", 0) == 0);
    }
    return response.result_int();
}

std::string basic(const std::string& user, const std::string& password) {
    return "Basic " + calbridge::auth::base64_encode(user + ":" + password);
}

// Starts serve with the scratch directory's configuration; returns the port of its URL line.
unsigned short start(ServeProcess& serve, const std::string& log) {
    std::optional<std::string> line = serve.first_line(kStartDeadline);
    INFO("stderr:\n" << read_text(log));
    REQUIRE(line);
    std::smatch m;
    static const std::regex url(R"(^calbridge: serving http://127\.0\.0\.1:(\d+)/dav/$)");
    REQUIRE(std::regex_match(*line, m, url));
    const int port = std::stoi(m[1]);
    REQUIRE(port > 0);
    REQUIRE(port < 65536);
    return static_cast<unsigned short>(port);
}

}  // namespace

TEST_CASE("serve on port 0: URL on the first line, 401 without credentials, 207 with them, exit 0 on SIGTERM",
          "[cli][serve]") {
    ScratchDir dir("serve");
    write_config(dir);
    std::ofstream(dir.file("pw.txt")) << "s3cret pass\n";
    Run add = run_calbridge("user add alice --password-stdin < pw.txt", dir.path());
    INFO(add.output);
    REQUIRE(add.exit_code == 0);

    const std::string log = dir.file("serve.log").string();
    ServeProcess serve({"serve"}, dir.path().string(), log);
    const unsigned short port = start(serve, log);

    CHECK(status_of(port, "PROPFIND", "/dav/") == 401);
    CHECK(status_of(port, "PROPFIND", "/dav/", basic("alice", "s3cret pass")) == 207);
    CHECK(status_of(port, "PROPFIND", "/dav/calendars/alice/calendar/", basic("alice", "s3cret pass")) == 207);
    // The bootstrap needs no credentials (RFC 6764 5).
    CHECK(status_of(port, "GET", "/.well-known/caldav") == 301);

    const auto signalled = std::chrono::steady_clock::now();
    serve.signal(SIGTERM);
    std::optional<int> code = serve.wait(kStopDeadline);
    INFO("stderr:\n" << read_text(log));
    REQUIRE(code);
    CHECK(*code == 0);
    CHECK(std::chrono::steady_clock::now() - signalled < kStopDeadline);
    CHECK(ht::connection_refused(port));
    // The access log never shows credentials.
    CHECK(read_text(log).find("s3cret") == std::string::npos);
}

TEST_CASE("user add --password-stdin: the wrong password gets 401, the right one 207", "[cli][serve][user]") {
    ScratchDir dir("serve-user");
    write_config(dir);
    std::ofstream(dir.file("pw.txt")) << "right password\n";
    Run add = run_calbridge("user add bob --display-name 'Bob B' --email bob@example.org --password-stdin < pw.txt",
                            dir.path());
    INFO(add.output);
    REQUIRE(add.exit_code == 0);
    CHECK(add.output.find("right password") == std::string::npos);
    Run again = run_calbridge("user add bob --password-stdin < pw.txt", dir.path());
    CHECK(again.exit_code == 1);  // exists already

    const std::string log = dir.file("serve.log").string();
    ServeProcess serve({"serve", "--config", "calbridge.toml"}, dir.path().string(), log);
    const unsigned short port = start(serve, log);
    CHECK(status_of(port, "PROPFIND", "/dav/", basic("bob", "wrong password")) == 401);
    CHECK(status_of(port, "PROPFIND", "/dav/", basic("nobody", "right password")) == 401);
    CHECK(status_of(port, "PROPFIND", "/dav/", basic("bob", "right password")) == 207);
    serve.signal(SIGINT);
    std::optional<int> code = serve.wait(kStopDeadline);
    REQUIRE(code);
    CHECK(*code == 0);
    CHECK(read_text(log).find("right password") == std::string::npos);
}

TEST_CASE("user passwd, list, remove", "[cli][user]") {
    ScratchDir dir("user-admin");
    std::ofstream(dir.file("pw1.txt")) << "first\n";
    std::ofstream(dir.file("pw2.txt")) << "second\n";
    REQUIRE(run_calbridge("user add carol --password-file pw1.txt --store s.db", dir.path()).exit_code == 0);
    Run list = run_calbridge("user list --store s.db", dir.path());
    CHECK(list.exit_code == 0);
    CHECK_THAT(list.output, Catch::Contains("carol"));
    CHECK(run_calbridge("user passwd carol --password-file pw2.txt --store s.db", dir.path()).exit_code == 0);
    CHECK(run_calbridge("user passwd nobody --password-file pw2.txt --store s.db", dir.path()).exit_code == 1);
    // No terminal, no password option: refused, not hanging on a prompt.
    CHECK(run_calbridge("user add dave --store s.db < /dev/null", dir.path()).exit_code == 1);
    CHECK(run_calbridge("user remove carol --store s.db", dir.path()).exit_code == 0);
    CHECK(run_calbridge("user remove carol --store s.db", dir.path()).exit_code == 1);
    list = run_calbridge("user list --store s.db", dir.path());
    CHECK(list.output.find("carol") == std::string::npos);
}

TEST_CASE("token issue prints the URL once, it serves the calendar without auth until revoked",
          "[cli][serve][token]") {
    ScratchDir dir("serve-token");
    write_config(dir);
    std::ofstream(dir.file("pw.txt")) << "pw\n";
    REQUIRE(run_calbridge("user add erin --password-file pw.txt", dir.path()).exit_code == 0);
    Run issued = run_calbridge("token issue calendar --user erin", dir.path());
    INFO(issued.output);
    REQUIRE(issued.exit_code == 0);
    std::smatch m;
    static const std::regex url(R"(^(/ics/[0-9a-f]{64}\.ics)\n)");
    REQUIRE(std::regex_search(issued.output, m, url));
    const std::string token_path = m[1];
    const std::string token = token_path.substr(5, 64);
    Run list = run_calbridge("token list --user erin", dir.path());
    CHECK(list.exit_code == 0);
    CHECK_THAT(list.output, Catch::Contains("/dav/calendars/erin/calendar/"));
    CHECK(list.output.find(token) == std::string::npos);  // never shown again
    CHECK(run_calbridge("token issue nope --user erin", dir.path()).exit_code == 1);

    const std::string log = dir.file("serve.log").string();
    {
        ServeProcess serve({"serve"}, dir.path().string(), log);
        const unsigned short port = start(serve, log);
        CHECK(status_of(port, "GET", token_path) == 200);
        serve.signal(SIGTERM);
        REQUIRE(serve.wait(kStopDeadline) == std::optional<int>(0));
        CHECK(read_text(log).find(token) == std::string::npos);  // the access log hides it
    }
    CHECK(run_calbridge("token revoke " + token_path, dir.path()).exit_code == 0);
    {
        ServeProcess serve({"serve"}, dir.path().string(), log);
        const unsigned short port = start(serve, log);
        CHECK(status_of(port, "GET", token_path) == 404);
        serve.signal(SIGTERM);
        REQUIRE(serve.wait(kStopDeadline) == std::optional<int>(0));
    }
}
