#pragma once
// From the configuration ([[remote]] and a bridge's folder, issue 5 item 5) to a connected
// RemoteCalendar: the secret read where the configuration says (never logged), the EWS URL
// given or found by Autodiscover, the folder resolved (own calendar, a sub-calendar by name,
// another mailbox's calendar shared with the user).
#include <memory>
#include <string>

#include "ews/client.h"
#include "gateway/config/gateway_config.h"
#include "gateway/sync/remote_calendar.h"

namespace calbridge::remotes {

struct RemoteHandle {
    std::unique_ptr<ews::EwsClient> client;           // owned: the calendar uses it
    std::unique_ptr<sync::RemoteCalendar> calendar;
    std::string description;                          // "exchange:shared:bob@example.org" for logs
    std::uint64_t round_trips() const { return client ? client->stats().requests : 0; }
};

// Throws config::ConfigError for an unusable configuration (unknown kind, unreadable secret),
// sync::RemoteError for what the server answers (Autodiscover failing, folder not found: not_found).
RemoteHandle open_remote(const config::RemoteSection& remote, const config::RemoteFolder& folder);

// "calendar", "calendar/Team", "shared:bob@example.org/calendar", as the configuration writes it.
std::string describe_folder(const config::RemoteFolder& folder);

}  // namespace calbridge::remotes
