#pragma once
// The EWS adapter (gateway/remotes) against the Exchange stand-in (tests/ews_standin) over
// loopback: a real EwsClient on libcurl, Basic authentication, every request checked by the
// stand-in against Microsoft's schema.
#include <memory>
#include <string>
#include <vector>

#include "ews/client.h"
#include "ews_standin/ews_standin.h"
#include "gateway/remotes/ews_remote_calendar.h"

namespace calbridge::ews_bridge_test {

inline constexpr const char* kAlice = "alice@example.com";
inline constexpr const char* kBob = "bob@example.com";
inline constexpr const char* kPassword = "alice-secret";

struct StandinFixture {
    StandinFixture();
    ~StandinFixture();

    ews::ClientOptions client_options(const std::string& user = kAlice, const std::string& password = kPassword) const;
    // An adapter on alice's calendar (or another folder), with its own client.
    std::unique_ptr<remotes::EwsRemoteCalendar> calendar(ews::FolderRef folder = ews::FolderRef::distinguished("calendar"));

    // Requests the stand-in received for an operation (retries included), and in all.
    std::uint64_t requests(const std::string& operation) const;
    std::uint64_t total_requests() const;
    std::uint64_t invalid_messages() const;  // requests and responses that failed the schema

    ews_standin::EwsStandin standin;
    std::vector<std::unique_ptr<ews::EwsClient>> clients;
};

// Every calendar item of the fixture OST as the gateway stores it (the import's text).
struct FixtureObject {
    std::string origin, uid, ics;
    std::string organizer_email;  // of meetings; "" otherwise
};
const std::vector<FixtureObject>& fixture_objects();

// Pages of changes() from `state` until the listing ends.
sync::RemoteChanges all_changes(sync::RemoteCalendar& remote, const std::string& state = "",
                                const sync::KnownVersions& known = {});

}  // namespace calbridge::ews_bridge_test
