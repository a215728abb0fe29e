#pragma once
// Whether `calbridge serve` may listen where [server] bind says without TLS (issue 6 item 5):
// HTTP Basic sends the password with every request, so plain HTTP is only for loopback.
#include <optional>
#include <string>
#include <string_view>

#include "gateway/config/gateway_config.h"

namespace calbridge::config {

// True for addresses only this machine can reach: "localhost" (and "localhost."), 127.0.0.0/8,
// ::1 and ::ffff:127.x.x.x, also in brackets ("[::1]"). False for the wildcards 0.0.0.0 and ::,
// every other address, and every other host name (it may resolve to anything).
bool is_loopback_bind(std::string_view bind);

// True when the section serves HTTPS: tls_cert/tls_key or tls = "self-signed".
bool serves_tls(const ServerSection& server);

// The message `serve` stops with when the section binds a non-loopback address without TLS and
// without allow_insecure = true; nullopt when it may start. The message names the ways out.
std::optional<std::string> insecure_bind_refusal(const ServerSection& server);

}  // namespace calbridge::config
