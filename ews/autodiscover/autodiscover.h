#pragma once
// Autodiscover: from an e-mail address to the EWS URL.
//  - POX ([MS-OXDSCLI] 2.2.3, 2.2.4, 3.1.5): POST <candidate>/autodiscover/autodiscover.xml with
//    EMailAddress and AcceptableResponseSchema .../outlook/responseschema/2006a; the EwsUrl of
//    the EXCH (internal) or EXPR (external) protocol; Action redirectAddr/redirectUrl followed.
//  - SOAP ([MS-OXWSADISC] GetUserSettings): POST <candidate>/autodiscover/autodiscover.svc
//    asking InternalEwsUrl and ExternalEwsUrl; RedirectAddress/RedirectUrl followed.
// Candidates ([MS-OXDSCLI] 3.1.5): https://<domain>/autodiscover/..., then
// https://autodiscover.<domain>/autodiscover/..., then the HTTP redirect method: an
// unauthenticated GET of http://autodiscover.<domain>/autodiscover/autodiscover.xml whose
// 301/302 names an https endpoint, which then gets the POX request with credentials (never
// anything but https: the redirect itself travelled unprotected). Redirects (Action, HTTP
// 301/302) are bounded by max_redirects and a redirect URL must be https unless the candidate
// itself was http (tests on 127.0.0.1). Not done: the DNS SRV record (_autodiscover._tcp) and
// Active Directory SCP lookups.
#include <string>
#include <string_view>
#include <vector>

#include "ews/transport/http_transport.h"

namespace calbridge::ews::autodiscover {

struct Options {
    TransportOptions transport;
    int max_redirects = 10;
    bool prefer_external = false;      // EXPR / ExternalEwsUrl before EXCH / InternalEwsUrl
    bool http_redirect_probe = true;
    // Test hooks: base URLs ("http://127.0.0.1:8080") tried instead of the domain's candidates;
    // the URL of the HTTP redirect probe, and whether it may redirect to http (tests only).
    std::vector<std::string> candidates_override;
    std::string redirect_probe_override;
    bool redirect_probe_allows_http_for_tests = false;
};

struct Result {
    std::string ews_url;
    std::string email;       // after any redirectAddr
    std::string method;      // "pox" or "soap"
    std::string endpoint;    // the URL that answered
};

// Throws EwsError (auth for 401 everywhere, permanent when no candidate answered) listing what
// each candidate said.
Result discover(std::string_view email, const Options& options);

std::vector<std::string> candidates_for(std::string_view email);

// --- the two protocols' messages, for tests and callers with their own transport ---

std::string pox_request(std::string_view email);
struct PoxAnswer {
    enum class Kind { settings, redirect_addr, redirect_url, error };
    Kind kind = Kind::error;
    std::string internal_ews_url;  // EXCH EwsUrl
    std::string external_ews_url;  // EXPR EwsUrl
    std::string redirect;          // address or URL
    std::string error;             // ErrorCode: Message
};
PoxAnswer parse_pox_response(std::string_view body);

std::string get_user_settings_request(std::string_view email, std::string_view url);
struct SoapAnswer {
    enum class Kind { settings, redirect_addr, redirect_url, error };
    Kind kind = Kind::error;
    std::string internal_ews_url;
    std::string external_ews_url;
    std::string redirect;
    std::string error;
};
SoapAnswer parse_get_user_settings_response(std::string_view body);

}  // namespace calbridge::ews::autodiscover
