// Autodiscover against a loopback server (the candidates hook points it at 127.0.0.1 over
// http): POX with a redirectAddr then settings from Microsoft's documented response, a
// redirectUrl, the SOAP GetUserSettings fallback with its RedirectAddress, and errors.
#include <catch2/catch.hpp>

#include <string>

#include "client_fixture.h"
#include "ews/autodiscover/autodiscover.h"
#include "ews/errors.h"
#include "ews/soap/namespaces.h"
#include "request_reader.h"

using namespace calbridge::ews;
using namespace calbridge::ews::test;
namespace ad = calbridge::ews::autodiscover;

namespace {

// [MS-OXDSCLI] 2.2.4.1.1.2.1: Account/Action "redirectAddr" with RedirectAddr (synthetic,
// written to that section).
std::string pox_redirect_addr(const std::string& to) {
    return R"(<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"><Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"><Account><AccountType>email</AccountType><Action>redirectAddr</Action><RedirectAddr>)" +
           to + "</RedirectAddr></Account></Response></Autodiscover>";
}
std::string pox_redirect_url(const std::string& to) {
    return R"(<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"><Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"><Account><AccountType>email</AccountType><Action>redirectUrl</Action><RedirectUrl>)" +
           to + "</RedirectUrl></Account></Response></Autodiscover>";
}

ad::Options options_for(const CannedServer& server) {
    ad::Options o;
    o.transport.credentials.method = AuthMethod::basic;
    o.transport.credentials.user = kUser;
    o.transport.credentials.password = kPassword;
    o.transport.proxy = "";
    o.candidates_override = {server.base()};
    o.redirect_probe_override = server.base() + "/probe/autodiscover.xml";  // never the network
    return o;
}

std::string email_in(const std::string& body) {
    RequestReader r(body);
    return xml::trim(r.first(ns::kAutodiscoverRequest, "EMailAddress").text().get());
}

}  // namespace

TEST_CASE("Autodiscover candidates: the domain, then autodiscover.<domain>") {
    const auto c = ad::candidates_for("mara@contoso.com");
    REQUIRE(c.size() == 2);
    CHECK(c[0] == "https://contoso.com");
    CHECK(c[1] == "https://autodiscover.contoso.com");
    CHECK(ad::candidates_for("no-at-sign").empty());
}

TEST_CASE("POX Autodiscover: EwsUrl of the documented response, internal unless external preferred") {
    const auto a = ad::parse_pox_response(autodiscover_sample("msdocs-Autodiscover-POX-full-response.xml"));
    REQUIRE(a.kind == ad::PoxAnswer::Kind::settings);
    CHECK(a.internal_ews_url == "https://mail.contoso.com/EWS/Exchange.asmx");
    const auto err = ad::parse_pox_response(autodiscover_sample("msdocs-Autodiscover-POX-redirectAddr-response.xml"));
    CHECK(err.kind == ad::PoxAnswer::Kind::error);
    CHECK(err.error == "600: Invalid Request");
}

TEST_CASE("POX Autodiscover follows a redirectAddr, then a redirectUrl, to the settings") {
    CannedServer server;
    server.handle("/other/autodiscover.xml", [](const Recorded& r) {
        if (email_in(r.body) != "mara@contoso.com") return Canned{500, "", {}};
        return Canned{200, autodiscover_sample("msdocs-Autodiscover-POX-full-response.xml"), {}};
    });
    // Any other address: redirected to another URL on this server.
    server.handle("/autodiscover/autodiscover.xml", [&server](const Recorded& r) {
        const std::string email = email_in(r.body);
        if (email == "alias@contoso.com") return Canned{200, pox_redirect_addr("mara@contoso.com"), {}};
        return Canned{200, pox_redirect_url(server.base() + "/other/autodiscover.xml"), {}};
    });
    const ad::Result result = ad::discover("alias@contoso.com", options_for(server));
    CHECK(result.ews_url == "https://mail.contoso.com/EWS/Exchange.asmx");
    CHECK(result.email == "mara@contoso.com");
    CHECK(result.method == "pox");
    const auto reqs = server.requests();
    REQUIRE(reqs.size() == 3);
    CHECK(email_in(reqs[0].body) == "alias@contoso.com");
    CHECK(email_in(reqs[1].body) == "mara@contoso.com");
    CHECK(reqs[2].path == "/other/autodiscover.xml");
    RequestReader req(reqs[0].body);
    CHECK(xml::trim(req.first(ns::kAutodiscoverRequest, "AcceptableResponseSchema").text().get()) ==
          "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a");
    CHECK(reqs[0].authorization.rfind("Basic ", 0) == 0);
}

TEST_CASE("Autodiscover redirects are bounded") {
    CannedServer server;
    server.handle("/autodiscover/autodiscover.xml", [](const Recorded&) { return Canned{200, pox_redirect_addr("loop@contoso.com"), {}}; });
    server.queue("/autodiscover/autodiscover.svc", {404, "", {}});
    ad::Options o = options_for(server);
    o.max_redirects = 4;
    try {
        ad::discover("loop@contoso.com", o);
        FAIL("expected EwsError");
    } catch (const EwsError& e) {
        CHECK(e.category() == ErrorCategory::permanent);
        CHECK(std::string(e.what()).find("no EWS URL found for loop@contoso.com") != std::string::npos);
    }
    // POX: the first answer + 4 redirect hops; the SOAP endpoint; the HTTP redirect probe.
    CHECK(server.requests().size() == 7);
}

TEST_CASE("SOAP Autodiscover: POX missing, GetUserSettings redirected then answered") {
    CannedServer server;
    server.queue("/autodiscover/autodiscover.xml", {404, "", {}});
    server.handle("/autodiscover/autodiscover.svc", [](const Recorded& r) {
        RequestReader req(r.body);
        const std::string mailbox = xml::trim(req.first(ns::kAutodiscoverSoap, "Mailbox").text().get());
        if (mailbox == "elvin@mail.contoso.com") {
            // The documented answer, asked-for settings included.
            std::string answer = autodiscover_sample("msdocs-Autodiscover-SOAP-GetUserSettings-response.xml");
            return Canned{200, answer, {}};
        }
        return Canned{200, autodiscover_sample("msdocs-Autodiscover-SOAP-error-response.xml"), {}};  // RedirectAddress to elvin@
    });
    const ad::Result result = ad::discover("mara@contoso.com", options_for(server));
    CHECK(result.method == "soap");
    CHECK(result.email == "elvin@mail.contoso.com");
    CHECK(result.ews_url == "https://mail.contoso.com/EWS/Exchange.asmx");
    const auto svc = [&] {
        std::vector<Recorded> out;
        for (const auto& r : server.requests())
            if (r.path == "/autodiscover/autodiscover.svc") out.push_back(r);
        return out;
    }();
    REQUIRE(svc.size() == 2);
    RequestReader req(svc[0].body);
    std::vector<std::string> settings;
    for (const auto s : req.all(ns::kAutodiscoverSoap, "Setting")) settings.push_back(xml::trim(s.text().get()));
    CHECK(settings == std::vector<std::string>{"InternalEwsUrl", "ExternalEwsUrl"});
    CHECK(xml::trim(req.first(ns::kWsAddressing, "Action").text().get()) ==
          "http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/GetUserSettings");
}

TEST_CASE("Autodiscover: 401 is an auth error, not another candidate") {
    CannedServer server;
    server.queue("/autodiscover/autodiscover.xml", {401, "", {}});
    try {
        ad::discover("mara@contoso.com", options_for(server));
        FAIL("expected EwsError");
    } catch (const EwsError& e) {
        CHECK(e.category() == ErrorCategory::auth);
    }
}

TEST_CASE("Autodiscover HTTP redirect method: an unauthenticated GET, then POX at the https target only") {
    CannedServer server;
    server.queue("/autodiscover/autodiscover.xml", {404, "", {}});
    server.queue("/autodiscover/autodiscover.svc", {404, "", {}});
    server.queue("/probe/autodiscover.xml", {302, "", {{"Location", server.base() + "/redirected/autodiscover.xml"}}});
    server.queue("/redirected/autodiscover.xml", {200, autodiscover_sample("msdocs-Autodiscover-POX-full-response.xml"), {}});
    ad::Options o = options_for(server);
    // The probe's target is http here (loopback tests); real targets must be https.
    CHECK_THROWS_AS(ad::discover("mara@contoso.com", o), EwsError);
    const auto refused = server.requests();
    CHECK(refused.back().path == "/probe/autodiscover.xml");
    o.redirect_probe_allows_http_for_tests = true;
    const ad::Result result = ad::discover("mara@contoso.com", o);
    CHECK(result.ews_url == "https://mail.contoso.com/EWS/Exchange.asmx");
    CHECK(result.endpoint == server.base() + "/redirected/autodiscover.xml");
    const auto reqs = server.requests();
    REQUIRE(reqs.size() == refused.size() + 4);
    const Recorded& probe = reqs[reqs.size() - 2];
    CHECK(probe.path == "/probe/autodiscover.xml");
    CHECK(probe.body.empty());
    CHECK(probe.authorization.empty());  // no credentials over the unprotected probe
    CHECK(reqs.back().authorization.rfind("Basic ", 0) == 0);
    CHECK(email_in(reqs.back().body) == "mara@contoso.com");
}
