#include "gateway/config/bind_policy.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

namespace calbridge::config {

namespace {

bool is_loopback_address(const std::string& host) {
    in_addr v4{};
    if (::inet_pton(AF_INET, host.c_str(), &v4) == 1)
        return (ntohl(v4.s_addr) >> 24) == 127;  // RFC 1122 3.2.1.3 (g): 127.0.0.0/8
    in6_addr v6{};
    if (::inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
        if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;  // RFC 4291 2.5.3: ::1
        // RFC 4291 2.5.5.2: an IPv4-mapped address is the IPv4 address.
        return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
    }
    return false;
}

}  // namespace

bool is_loopback_bind(std::string_view bind) {
    std::string host(bind);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host.empty()) return false;
    if (is_loopback_address(host)) return true;
    for (char& c : host) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    // The one name: "localhost", when every address it resolves to here is a loopback one, as the
    // server resolves it the same way (a resolver that answers it with a network address, for
    // want of an /etc/hosts entry, gets no plain-HTTP listener on the network). Other names,
    // "localhost." included (glibc sends it to DNS), are not loopback: no look-up at all.
    if (host != "localhost") return false;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (::getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0 || !found) return false;
    bool all_loopback = true;
    for (const addrinfo* a = found; a; a = a->ai_next) {
        char text[INET6_ADDRSTRLEN] = {};
        const void* where = a->ai_family == AF_INET
                                ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in*>(a->ai_addr)->sin_addr)
                                : static_cast<const void*>(&reinterpret_cast<const sockaddr_in6*>(a->ai_addr)->sin6_addr);
        if ((a->ai_family != AF_INET && a->ai_family != AF_INET6) ||
            !::inet_ntop(a->ai_family, where, text, sizeof text) || !is_loopback_address(text))
            all_loopback = false;
    }
    ::freeaddrinfo(found);
    return all_loopback;
}

bool serves_tls(const ServerSection& server) { return server.tls_cert.has_value() || server.tls == "self-signed"; }

std::optional<std::string> insecure_bind_refusal(const ServerSection& server) {
    if (serves_tls(server) || server.allow_insecure || is_loopback_bind(server.bind)) return std::nullopt;
    return "refusing to listen on " + server.bind +
           " without TLS: HTTP Basic would send every password and calendar across the network in clear "
           "text. Either set [server] tls_cert and tls_key (a PEM certificate and its key, e.g. from "
           "`calbridge cert --host NAME`), or tls = \"self-signed\" (a certificate made beside the store, for "
           "testing), or allow_insecure = true (only behind a TLS-terminating proxy on a trusted network); or "
           "bind 127.0.0.1";
}

}  // namespace calbridge::config
