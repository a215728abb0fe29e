// The outcome of each bridge cycle as the runner stores it for the status page (issue 6 item 6,
// gateway/cli/bridge_runs.cpp -> SqliteStore::record_bridge_outcome): a complete cycle against the
// Exchange stand-in with its counts, a refused login with its error, a bridge whose remote is not
// configured with that error, each replacing the previous outcome.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "caldav/calendar/calendar_object_validation.h"
#include "ews_bridge_fixture.h"
#include "gateway/cli/bridge_runs.h"
#include "unit/bridge/bridge_fixture.h"

using namespace calbridge;
using namespace calbridge::ews_bridge_test;

namespace {

constexpr const char* kSecretEnv = "CALBRIDGE_TEST_OUTCOME_SECRET";
const std::string kCal = "/dav/calendars/alice/work/";

void put(store::SqliteStore& store, const std::string& uid) {
    const std::string data = sync::testing::event(uid, {{"SUMMARY", "Outcome " + uid}});
    auto valid = caldav::validate_calendar_object(data);
    REQUIRE(valid);
    REQUIRE(store.put_object({kCal + uid + ".ics", data, "text/calendar", valid.object->uid, valid.object->spans}, {})
                .status == caldav::WriteStatus::created);
}

}  // namespace

TEST_CASE("the runner stores each cycle's outcome: counts, then the error of a refused login",
          "[bridge][outcome][standin]") {
    StandinFixture fx;
    sync::testing::TempDir dir;
    store::SqliteStore store(dir.file(), store::StoreOptions{false});
    REQUIRE(store.add_user("alice", "Alice", kAlice, "h"));
    caldav::CollectionPatch props;
    props.components = std::vector<std::string>{"VEVENT"};
    REQUIRE(store.make_collection(kCal, "alice", caldav::CollectionKind::calendar, props).status ==
            caldav::WriteStatus::created);
    put(store, "o1");
    put(store, "o2");

    config::GatewayConfig config;
    config::RemoteSection remote;
    remote.name = "exchange";
    remote.url = fx.standin.url();
    remote.auth = "basic";
    remote.user = kAlice;
    remote.secret_env = kSecretEnv;
    remote.timeout = std::chrono::seconds(20);
    config.remotes.push_back(remote);
    config::BridgeSection bridge;
    bridge.name = "work";
    bridge.calendar = kCal;
    bridge.remote = "exchange";
    config.bridges.push_back(bridge);

    ::setenv(kSecretEnv, kPassword, 1);
    const cli::BridgeRun first = cli::run_bridge(store, config, bridge);
    INFO(cli::describe("work", first));
    REQUIRE(first.ok());
    const auto pair = store.find_bridge_pair("work");
    REQUIRE(pair);
    auto outcome = store.bridge_outcome(pair->id);
    REQUIRE(outcome);
    CHECK(outcome->complete);
    CHECK(outcome->error.empty());
    CHECK(outcome->remote_created == 2);
    CHECK(outcome->remote_created == first.report.remote.created);
    CHECK(outcome->local_created == first.report.local.created);
    CHECK(outcome->round_trips == static_cast<std::int64_t>(first.round_trips));
    CHECK(outcome->round_trips > 0);
    CHECK(outcome->finished_at > 0);

    ::setenv(kSecretEnv, "not the password", 1);
    const cli::BridgeRun refused = cli::run_bridge(store, config, bridge);
    INFO(cli::describe("work", refused));
    CHECK_FALSE(refused.ok());
    outcome = store.bridge_outcome(pair->id);
    REQUIRE(outcome);
    CHECK_FALSE(outcome->complete);
    CHECK_FALSE(outcome->error.empty());
    CHECK(outcome->remote_created == 0);  // replaced, not added up
    ::unsetenv(kSecretEnv);

    // A bridge whose [[remote]] does not exist never reaches the engine: its error is reported
    // (the returned run, the log, `calbridge sync`'s output) but no pair is made for it, which
    // would tie the name to this calendar before any cycle ran.
    config::BridgeSection orphan = bridge;
    orphan.name = "orphan";
    orphan.remote = "nowhere";
    const cli::BridgeRun never = cli::run_bridge(store, config, orphan);
    CHECK_FALSE(never.ok());
    CHECK(never.error.find("no [[remote]] named \"nowhere\"") != std::string::npos);
    CHECK_FALSE(store.find_bridge_pair("orphan"));
}
