#include "gateway/remotes/remote_factory.h"

#include <spdlog/spdlog.h>

#include "ews/autodiscover/autodiscover.h"
#include "ews/operations/folders.h"
#include "gateway/config/remote_secret.h"
#include "gateway/remotes/ews_error_mapping.h"
#include "gateway/remotes/ews_remote_calendar.h"

namespace calbridge::remotes {

namespace {

ews::AuthMethod auth_method(const config::RemoteSection& remote) {
    if (remote.auth == "basic") return ews::AuthMethod::basic;
    if (remote.auth == "ntlm") return ews::AuthMethod::ntlm;
    if (remote.auth == "negotiate") return ews::AuthMethod::negotiate;
    if (remote.auth == "bearer") return ews::AuthMethod::bearer;
    throw config::ConfigError("remote " + remote.name + ": auth \"" + remote.auth +
                              "\" is none of basic, ntlm, negotiate, bearer");
}

ews::TransportOptions transport(const config::RemoteSection& remote) {
    ews::TransportOptions t;
    t.credentials.method = auth_method(remote);
    t.credentials.user = remote.user;
    const std::string secret = config::read_remote_secret(remote);
    if (t.credentials.method == ews::AuthMethod::bearer) {
        t.credentials.bearer_token = [secret](bool) { return secret; };
    } else {
        t.credentials.password = secret;
    }
    t.insecure_skip_tls_verify = remote.insecure_tls;
    if (remote.ca_file) t.ca_file = remote.ca_file->string();
    if (!remote.proxy.empty()) t.proxy = remote.proxy;
    t.total_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(remote.timeout);
    return t;
}

// The folder a RemoteFolder names; a sub-calendar is looked up by display name below the
// calendar (FindFolder Deep), which costs one round trip when the bridge starts.
ews::FolderRef resolve_folder(ews::EwsClient& client, const config::RemoteFolder& folder) {
    ews::FolderRef calendar = ews::FolderRef::distinguished("calendar", folder.mailbox);
    if (folder.subfolder.empty()) return calendar;
    for (const ews::FolderInfo& f : ews::find_calendar_folders(client, calendar, true))
        if (f.display_name == folder.subfolder) return ews::FolderRef::by_id(f.id.id);
    throw sync::RemoteError(sync::RemoteErrorKind::not_found,
                            "no calendar named \"" + folder.subfolder + "\" below " + calendar.describe());
}

}  // namespace

std::string describe_folder(const config::RemoteFolder& folder) {
    std::string text = folder.mailbox.empty() ? "calendar" : "shared:" + folder.mailbox + "/calendar";
    if (!folder.subfolder.empty()) text += "/" + folder.subfolder;
    return text;
}

RemoteHandle open_remote(const config::RemoteSection& remote, const config::RemoteFolder& folder) {
    if (remote.kind != "ews")
        throw config::ConfigError("remote " + remote.name + ": kind \"" + remote.kind + "\" is not supported (only \"ews\")");
    ews::ClientOptions options;
    options.transport = transport(remote);
    options.url = remote.url;
    try {
        if (options.url.empty()) {
            ews::autodiscover::Options discovery;
            discovery.transport = options.transport;
            const ews::autodiscover::Result found = ews::autodiscover::discover(remote.autodiscover_email, discovery);
            spdlog::info("remote {}: Autodiscover ({}) found {}", remote.name, found.method, found.ews_url);
            options.url = found.ews_url;
        }
        if (!folder.mailbox.empty()) options.anchor_mailbox = folder.mailbox;
        RemoteHandle handle;
        handle.description = remote.name + ":" + describe_folder(folder);
        handle.client = std::make_unique<ews::EwsClient>(std::move(options));
        EwsCalendarOptions calendar;
        calendar.folder = resolve_folder(*handle.client, folder);
        handle.calendar = std::make_unique<EwsRemoteCalendar>(*handle.client, std::move(calendar));
        return handle;
    } catch (const ews::EwsError& e) {
        throw to_remote_error(e);
    }
}

}  // namespace calbridge::remotes
