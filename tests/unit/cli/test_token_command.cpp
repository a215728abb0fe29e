// `calbridge token revoke` works by id: the secret token never has to be typed on a command line
// (argv is visible in ps and kept in shell histories), and is never echoed back, not even in part.
#include <regex>

#include "gateway/store/sqlite_store.h"
#include "unit/cli/cli_support.h"

using namespace clitest;

TEST_CASE("token revoke by the id that issue printed, the token stays secret", "[cli][token]") {
    ScratchDir dir("token-revoke");
    std::ofstream(dir.file("pw.txt")) << "pw\n";
    REQUIRE(run_calbridge("user add erin --password-file pw.txt --store s.db", dir.path()).exit_code == 0);
    Run issued = run_calbridge("token issue calendar --user erin --store s.db", dir.path());
    INFO(issued.output);
    REQUIRE(issued.exit_code == 0);
    std::smatch m;
    static const std::regex pattern(R"(^/ics/([0-9a-f]{64})\.ics\n\(token (\d+) for [^;]+; shown only now; withdraw it with: calbridge token revoke (\d+)\))");
    REQUIRE(std::regex_search(issued.output, m, pattern));
    const std::string token = m[1], id = m[2];
    CHECK(m[3] == id);
    Run list = run_calbridge("token list --user erin --store s.db", dir.path());
    CHECK_THAT(list.output, Catch::Contains(id));
    CHECK(list.output.find(token) == std::string::npos);
    {
        calbridge::store::SqliteStore store(dir.file("s.db"));
        CHECK(store.collection_for_token(token));
    }

    Run revoked = run_calbridge("token revoke " + id + " --store s.db", dir.path());
    INFO(revoked.output);
    CHECK(revoked.exit_code == 0);
    CHECK_THAT(revoked.output, Catch::Contains("Revoked token " + id));
    {
        calbridge::store::SqliteStore store(dir.file("s.db"));
        CHECK_FALSE(store.collection_for_token(token));
    }
    CHECK(run_calbridge("token revoke " + id + " --store s.db", dir.path()).exit_code == 1);

    // The token itself is still taken (pasted by someone), with a hint to use the id; no part
    // of it appears in what calbridge prints.
    Run by_token = run_calbridge("token revoke /ics/" + token + ".ics --store s.db", dir.path());
    INFO(by_token.output);
    CHECK(by_token.exit_code == 1);
    CHECK_THAT(by_token.output, Catch::Contains("revoke by id"));
    CHECK(by_token.output.find(token.substr(0, 8)) == std::string::npos);
}
