#include "ews/autodiscover/autodiscover.h"

#include <spdlog/spdlog.h>

#include "ews/errors.h"
#include "ews/soap/namespaces.h"
#include "ews/soap/xml.h"

namespace calbridge::ews::autodiscover {

namespace {

pugi::xml_parse_result load(pugi::xml_document& doc, std::string_view body) {
    return doc.load_buffer(body.data(), body.size(), pugi::parse_default & ~pugi::parse_doctype);
}

std::string domain_of(std::string_view email) {
    const auto at = email.rfind('@');
    return at == std::string_view::npos ? std::string() : std::string(email.substr(at + 1));
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

std::vector<std::string> candidates_for(std::string_view email) {
    const std::string domain = domain_of(email);
    if (domain.empty()) return {};
    return {"https://" + domain, "https://autodiscover." + domain};
}

std::string pox_request(std::string_view email) {
    // [MS-OXDSCLI] 2.2.3: Autodiscover/Request/(EMailAddress, AcceptableResponseSchema).
    return std::string(R"(<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns=")") +
           std::string(ns::kAutodiscoverRequest) + R"("><Request><EMailAddress>)" + xml::escape(email) +
           "</EMailAddress><AcceptableResponseSchema>" + std::string(ns::kAutodiscoverOutlookResponse) +
           "</AcceptableResponseSchema></Request></Autodiscover>";
}

PoxAnswer parse_pox_response(std::string_view body) {
    PoxAnswer answer;
    pugi::xml_document doc;
    if (!load(doc, body)) {
        answer.error = "not XML";
        return answer;
    }
    const pugi::xml_node root = doc.document_element();
    if (!xml::is(root, ns::kAutodiscoverResponse, "Autodiscover")) {
        answer.error = "not an Autodiscover response";
        return answer;
    }
    // Errors come in the generic response schema, settings in the Outlook one.
    if (const pugi::xml_node error = xml::path(root, ns::kAutodiscoverResponse, {"Response", "Error"})) {
        answer.error = xml::child_text(error, ns::kAutodiscoverResponse, "ErrorCode") + ": " +
                       xml::child_text(error, ns::kAutodiscoverResponse, "Message");
        return answer;
    }
    const pugi::xml_node response = xml::child(root, ns::kAutodiscoverOutlookResponse, "Response");
    if (const pugi::xml_node error = xml::child(response, ns::kAutodiscoverOutlookResponse, "Error")) {
        answer.error = xml::child_text(error, ns::kAutodiscoverOutlookResponse, "ErrorCode") + ": " +
                       xml::child_text(error, ns::kAutodiscoverOutlookResponse, "Message");
        return answer;
    }
    const pugi::xml_node account = xml::child(response, ns::kAutodiscoverOutlookResponse, "Account");
    if (!account) {
        answer.error = "no Account in the response";
        return answer;
    }
    const std::string action = xml::child_text(account, ns::kAutodiscoverOutlookResponse, "Action");
    if (action == "redirectAddr") {
        answer.kind = PoxAnswer::Kind::redirect_addr;
        answer.redirect = xml::child_text(account, ns::kAutodiscoverOutlookResponse, "RedirectAddr");
        return answer;
    }
    if (action == "redirectUrl") {
        answer.kind = PoxAnswer::Kind::redirect_url;
        answer.redirect = xml::child_text(account, ns::kAutodiscoverOutlookResponse, "RedirectUrl");
        return answer;
    }
    for (const pugi::xml_node protocol : xml::children(account, ns::kAutodiscoverOutlookResponse, "Protocol")) {
        const std::string type = xml::child_text(protocol, ns::kAutodiscoverOutlookResponse, "Type");
        const std::string url = xml::child_text(protocol, ns::kAutodiscoverOutlookResponse, "EwsUrl");
        if (type == "EXCH" && answer.internal_ews_url.empty()) answer.internal_ews_url = url;
        if (type == "EXPR" && answer.external_ews_url.empty()) answer.external_ews_url = url;
    }
    if (answer.internal_ews_url.empty() && answer.external_ews_url.empty()) {
        answer.error = "no EwsUrl in the EXCH or EXPR protocol";
        return answer;
    }
    answer.kind = PoxAnswer::Kind::settings;
    return answer;
}

std::string get_user_settings_request(std::string_view email, std::string_view url) {
    const std::string a(ns::kAutodiscoverSoap);
    return std::string(R"(<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap=")") +
           std::string(ns::kSoap) + R"(" xmlns:a=")" + a + R"(" xmlns:wsa=")" + std::string(ns::kWsAddressing) +
           R"("><soap:Header><a:RequestedServerVersion>Exchange2013</a:RequestedServerVersion>)"
           "<wsa:Action>" + a + "/Autodiscover/GetUserSettings</wsa:Action><wsa:To>" + xml::escape(url) +
           "</wsa:To></soap:Header><soap:Body><a:GetUserSettingsRequestMessage><a:Request><a:Users><a:User>"
           "<a:Mailbox>" + xml::escape(email) + "</a:Mailbox></a:User></a:Users><a:RequestedSettings>"
           "<a:Setting>InternalEwsUrl</a:Setting><a:Setting>ExternalEwsUrl</a:Setting>"
           "</a:RequestedSettings></a:Request></a:GetUserSettingsRequestMessage></soap:Body></soap:Envelope>";
}

SoapAnswer parse_get_user_settings_response(std::string_view body) {
    SoapAnswer answer;
    pugi::xml_document doc;
    if (!load(doc, body)) {
        answer.error = "not XML";
        return answer;
    }
    const std::string_view a = ns::kAutodiscoverSoap;
    const pugi::xml_node soap_body = xml::child(doc.document_element(), ns::kSoap, "Body");
    const pugi::xml_node response = xml::path(soap_body, a, {"GetUserSettingsResponseMessage", "Response"});
    if (!response) {
        answer.error = "not a GetUserSettings response";
        return answer;
    }
    const std::string top_code = xml::child_text(response, a, "ErrorCode");
    if (!top_code.empty() && top_code != "NoError") {
        answer.error = top_code + ": " + xml::child_text(response, a, "ErrorMessage");
        return answer;
    }
    const pugi::xml_node user = xml::path(response, a, {"UserResponses", "UserResponse"});
    const std::string code = xml::child_text(user, a, "ErrorCode");
    if (code == "RedirectAddress" || code == "RedirectUrl") {
        answer.kind = code == "RedirectAddress" ? SoapAnswer::Kind::redirect_addr : SoapAnswer::Kind::redirect_url;
        answer.redirect = xml::child_text(user, a, "RedirectTarget");
        return answer;
    }
    if (code != "NoError") {
        answer.error = (code.empty() ? std::string("no UserResponse") : code) + ": " +
                       xml::child_text(user, a, "ErrorMessage");
        return answer;
    }
    for (const pugi::xml_node setting : xml::children(xml::child(user, a, "UserSettings"), a, "UserSetting")) {
        const std::string name = xml::child_text(setting, a, "Name");
        if (name == "InternalEwsUrl") answer.internal_ews_url = xml::child_text(setting, a, "Value");
        if (name == "ExternalEwsUrl") answer.external_ews_url = xml::child_text(setting, a, "Value");
    }
    if (answer.internal_ews_url.empty() && answer.external_ews_url.empty()) {
        answer.error = "no InternalEwsUrl or ExternalEwsUrl in the user settings";
        return answer;
    }
    answer.kind = SoapAnswer::Kind::settings;
    return answer;
}

Result discover(std::string_view email_in, const Options& options) {
    HttpTransport transport(options.transport);
    std::string email(email_in);
    std::vector<std::string> candidates =
        options.candidates_override.empty() ? candidates_for(email) : options.candidates_override;
    std::vector<std::string> tried;  // "url: what happened", for the final error
    int hops = 0;

    auto pick = [&](const std::string& internal, const std::string& external) {
        if (options.prefer_external) return external.empty() ? internal : external;
        return internal.empty() ? external : internal;
    };
    auto allowed_redirect = [](const std::string& from, const std::string& to) {
        return starts_with(to, "https://") || (starts_with(from, "http://") && starts_with(to, "http://"));
    };

    // A queue of endpoints: {url, is_pox}. Candidates expand to POX then SOAP.
    struct Endpoint {
        std::string url;
        bool pox;
    };
    std::vector<Endpoint> queue;
    auto enqueue_candidates = [&](const std::vector<std::string>& bases) {
        queue.clear();
        for (const std::string& base : bases) {
            queue.push_back({base + "/autodiscover/autodiscover.xml", true});
            queue.push_back({base + "/autodiscover/autodiscover.svc", false});
        }
    };
    enqueue_candidates(candidates);

    bool probed = false;
    for (std::size_t i = 0; i < queue.size() || (!probed && options.http_redirect_probe); ++i) {
        if (i == queue.size()) {
            // Every candidate failed: the HTTP redirect method, once, without credentials.
            probed = true;
            const std::string domain = domain_of(email);
            const std::string probe = options.redirect_probe_override.empty()
                                          ? "http://autodiscover." + domain + "/autodiscover/autodiscover.xml"
                                          : options.redirect_probe_override;
            if (domain.empty() && options.redirect_probe_override.empty()) break;
            try {
                HttpTransport anonymous(TransportOptions{.credentials = {},
                                                         .ca_file = options.transport.ca_file,
                                                         .insecure_skip_tls_verify = false,
                                                         .proxy = options.transport.proxy,
                                                         .connect_timeout = options.transport.connect_timeout,
                                                         .total_timeout = options.transport.total_timeout,
                                                         .user_agent = options.transport.user_agent});
                const HttpResponse r = anonymous.get(probe, "Autodiscover redirect probe");
                const auto location = r.header("location");
                const bool redirect = r.status == 301 || r.status == 302 || r.status == 307 || r.status == 308;
                if (redirect && location &&
                    (starts_with(*location, "https://") ||
                     (options.redirect_probe_allows_http_for_tests && starts_with(*location, "http://")))) {
                    spdlog::warn("Autodiscover: {} redirects (unauthenticated) to {}; sending credentials there", probe,
                                 *location);
                    queue.push_back({*location, true});
                } else {
                    tried.push_back(probe + ": " + (redirect ? "redirect to a non-https URL refused"
                                                             : "HTTP " + std::to_string(r.status)));
                    break;
                }
            } catch (const EwsError& e) {
                tried.push_back(probe + ": " + e.message_text());
                break;
            }
        }
        const Endpoint ep = queue[i];
        HttpResponse http;
        const std::string body = ep.pox ? pox_request(email) : get_user_settings_request(email, ep.url);
        const char* content_type = "text/xml; charset=utf-8";
        try {
            http = transport.post(ep.url, body, content_type, ep.pox ? "Autodiscover POX" : "Autodiscover GetUserSettings");
        } catch (const EwsError& e) {
            tried.push_back(ep.url + ": " + e.message_text());
            continue;
        }
        if (http.status == 401) {
            throw EwsError::failure("Autodiscover", ErrorCategory::auth, "credentials refused by " + ep.url, 401);
        }
        if (http.status == 301 || http.status == 302 || http.status == 307 || http.status == 308) {
            const auto location = http.header("location");
            if (location && allowed_redirect(ep.url, *location) && ++hops <= options.max_redirects) {
                spdlog::info("Autodiscover: {} redirects to {}", ep.url, *location);
                queue.insert(queue.begin() + static_cast<std::ptrdiff_t>(i) + 1, Endpoint{*location, ep.pox});
            } else {
                tried.push_back(ep.url + ": refused redirect to " + location.value_or("(none)"));
            }
            continue;
        }
        if (http.status != 200) {
            tried.push_back(ep.url + ": HTTP " + std::to_string(http.status));
            continue;
        }
        std::string error;
        if (ep.pox) {
            const PoxAnswer a = parse_pox_response(http.body);
            switch (a.kind) {
                case PoxAnswer::Kind::settings:
                    return Result{pick(a.internal_ews_url, a.external_ews_url), email, "pox", ep.url};
                case PoxAnswer::Kind::redirect_addr:
                    if (++hops > options.max_redirects) break;
                    spdlog::info("Autodiscover: {} redirects to the address {}", email, a.redirect);
                    email = a.redirect;
                    enqueue_candidates(options.candidates_override.empty() ? candidates_for(email)
                                                                           : options.candidates_override);
                    i = static_cast<std::size_t>(-1);
                    continue;
                case PoxAnswer::Kind::redirect_url:
                    if (++hops > options.max_redirects || !allowed_redirect(ep.url, a.redirect)) break;
                    queue.insert(queue.begin() + static_cast<std::ptrdiff_t>(i) + 1, Endpoint{a.redirect, true});
                    continue;
                case PoxAnswer::Kind::error:
                    error = a.error;
                    break;
            }
            tried.push_back(ep.url + ": " + (error.empty() ? "too many redirects or unsafe redirect" : error));
        } else {
            const SoapAnswer a = parse_get_user_settings_response(http.body);
            switch (a.kind) {
                case SoapAnswer::Kind::settings:
                    return Result{pick(a.internal_ews_url, a.external_ews_url), email, "soap", ep.url};
                case SoapAnswer::Kind::redirect_addr:
                    if (++hops > options.max_redirects) break;
                    email = a.redirect;
                    enqueue_candidates(options.candidates_override.empty() ? candidates_for(email)
                                                                           : options.candidates_override);
                    i = static_cast<std::size_t>(-1);
                    continue;
                case SoapAnswer::Kind::redirect_url:
                    if (++hops > options.max_redirects || !allowed_redirect(ep.url, a.redirect)) break;
                    queue.insert(queue.begin() + static_cast<std::ptrdiff_t>(i) + 1, Endpoint{a.redirect, false});
                    continue;
                case SoapAnswer::Kind::error:
                    error = a.error;
                    break;
            }
            tried.push_back(ep.url + ": " + (error.empty() ? "too many redirects or unsafe redirect" : error));
        }
    }
    std::string message = "no EWS URL found for " + std::string(email_in);
    for (const std::string& t : tried) message += "; " + t;
    throw EwsError::failure("Autodiscover", ErrorCategory::permanent, message);
}

}  // namespace calbridge::ews::autodiscover
