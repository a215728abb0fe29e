// The EWS client's HTTP side against a loopback server: the authentication headers it sends
// (Basic on the first request, a bearer token asked from a callback and refreshed after a 401),
// its User-Agent, one kept-alive connection, HTTP statuses mapped to the error model, and no
// secret in any log line.
#include <catch2/catch.hpp>

#include <string>

#include "client_fixture.h"
#include "ews/errors.h"
#include "ews/operations/folders.h"

using namespace calbridge::ews;
using namespace calbridge::ews::test;

namespace {

const std::string kGetFolderOk = response(
    "GetFolder",
    R"(<m:GetFolderResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Folders>)"
    R"(<t:CalendarFolder><t:FolderId Id="CAL1" ChangeKey="CK1"/><t:ParentFolderId Id="ROOT" ChangeKey="R"/><t:FolderClass>IPF.Appointment</t:FolderClass><t:DisplayName>Calendar</t:DisplayName><t:TotalCount>42</t:TotalCount>)"
    R"(<t:EffectiveRights><t:CreateAssociated>true</t:CreateAssociated><t:CreateContents>true</t:CreateContents><t:CreateHierarchy>true</t:CreateHierarchy><t:Delete>true</t:Delete><t:Modify>true</t:Modify><t:Read>true</t:Read></t:EffectiveRights>)"
    R"(</t:CalendarFolder></m:Folders></m:GetFolderResponseMessage>)");

// base64("alice@example.com:S3cret-pa55word"), computed independently with Python's base64.
const std::string kBasic = "Basic YWxpY2VAZXhhbXBsZS5jb206UzNjcmV0LXBhNTV3b3Jk";

}  // namespace

TEST_CASE("Basic credentials go with the first request, User-Agent names calbridge") {
    CannedServer server;
    server.queue("/EWS/Exchange.asmx", {200, kGetFolderOk, {}});
    Waits waits;
    EwsClient client(options_for(server.ews_url(), waits));
    const FolderInfo f = get_folder(client, FolderRef::distinguished("calendar"));
    CHECK(f.id.id == "CAL1");
    const auto reqs = server.requests();
    REQUIRE(reqs.size() == 1);
    CHECK(reqs[0].authorization == kBasic);
    CHECK(reqs[0].user_agent == std::string("calbridge/") + CALBRIDGE_VERSION_STRING);
    CHECK(server.invalid() == 0);
}

TEST_CASE("A bearer token comes from the callback and is refreshed once after a 401") {
    CannedServer server;
    int asked = 0, forced = 0;
    server.handle("/EWS/Exchange.asmx", [](const Recorded& r) {
        if (r.authorization != "Bearer token-2") return Canned{401, "", {{"WWW-Authenticate", "Bearer"}}};
        return Canned{200, kGetFolderOk, {}};
    });
    Waits waits;
    ClientOptions o = options_for(server.ews_url(), waits);
    o.transport.credentials = {};
    o.transport.credentials.method = AuthMethod::bearer;
    o.transport.credentials.bearer_token = [&](bool force_refresh) {
        ++asked;
        if (force_refresh) ++forced;
        return force_refresh ? std::string("token-2") : std::string("token-1");
    };
    LogCapture logs;
    EwsClient client(o);
    CHECK(get_folder(client, FolderRef::distinguished("calendar")).display_name == "Calendar");
    const auto reqs = server.requests();
    REQUIRE(reqs.size() == 2);
    CHECK(reqs[0].authorization == "Bearer token-1");
    CHECK(reqs[1].authorization == "Bearer token-2");
    CHECK(asked == 2);
    CHECK(forced == 1);
    CHECK(logs.text().find("token-1") == std::string::npos);
    CHECK(logs.text().find("token-2") == std::string::npos);
    CHECK(logs.text().find("Bearer ") == std::string::npos);
}

TEST_CASE("HTTP 401 is an auth error, and neither password nor header reaches the logs") {
    CannedServer server;
    server.queue("/EWS/Exchange.asmx", {401, "", {{"WWW-Authenticate", "Basic realm=\"x\""}}});
    Waits waits;
    LogCapture logs;
    EwsClient client(options_for(server.ews_url(), waits));
    try {
        get_folder(client, FolderRef::distinguished("calendar"));
        FAIL("expected EwsError");
    } catch (const EwsError& e) {
        CHECK(e.category() == ErrorCategory::auth);
        CHECK(e.http_status() == 401);
        CHECK(std::string(e.what()).find(kPassword) == std::string::npos);
    }
    CHECK(server.requests().size() == 1);  // never retried: the same credentials would fail again
    CHECK(waits.list.empty());
    const std::string log = logs.text();
    CHECK(log.find("GetFolder") != std::string::npos);  // the capture works: the request was logged
    CHECK(log.find(kPassword) == std::string::npos);
    CHECK(log.find("YWxpY2VAZXhhbXBsZS5jb206") == std::string::npos);  // base64 of the user:password prefix
    CHECK(log.find("Authorization") == std::string::npos);
}

TEST_CASE("HTTP 403 is access_denied, other 4xx permanent") {
    CannedServer server;
    server.queue("/EWS/Exchange.asmx", {403, "", {}});
    Waits waits;
    EwsClient client(options_for(server.ews_url(), waits));
    try {
        get_folder(client, FolderRef::distinguished("calendar"));
        FAIL("expected EwsError");
    } catch (const EwsError& e) {
        CHECK(e.category() == ErrorCategory::access_denied);
    }
    CannedServer other;
    other.queue("/EWS/Exchange.asmx", {400, "bad", {}});
    EwsClient client2(options_for(other.ews_url(), waits));
    try {
        get_folder(client2, FolderRef::distinguished("calendar"));
        FAIL("expected EwsError");
    } catch (const EwsError& e) {
        CHECK(e.category() == ErrorCategory::permanent);
        CHECK(e.http_status() == 400);
    }
}

TEST_CASE("Several requests share one kept-alive connection") {
    CannedServer server;
    server.queue("/EWS/Exchange.asmx", {200, kGetFolderOk, {}});
    Waits waits;
    EwsClient client(options_for(server.ews_url(), waits));
    for (int i = 0; i < 5; ++i) get_folder(client, FolderRef::distinguished("calendar"));
    CHECK(server.requests().size() == 5);
    CHECK(server.connections() == 1);
    CHECK(client.stats().requests == 5);
}

TEST_CASE("A refused connection is transient and known not to have reached the server") {
    int port = 0;
    {
        CannedServer gone;  // take a free port, then close it
        port = std::stoi(gone.base().substr(gone.base().rfind(':') + 1));
    }
    Waits waits;
    ClientOptions o = options_for("http://127.0.0.1:" + std::to_string(port) + "/EWS/Exchange.asmx", waits);
    o.retry.max_retries = 2;
    EwsClient client(o);
    try {
        get_folder(client, FolderRef::distinguished("calendar"));
        FAIL("expected EwsError");
    } catch (const EwsError& e) {
        CHECK(e.category() == ErrorCategory::transient);
        CHECK_FALSE(e.may_have_reached_server());
        CHECK(e.http_status() == 0);
    }
    CHECK(client.stats().requests == 3);  // 1 + 2 retries
    REQUIRE(waits.list.size() == 2);
    CHECK(waits.list[1] == 2 * waits.list[0]);  // exponential
}

TEST_CASE("Insecure TLS is announced in the log") {
    LogCapture logs;
    TransportOptions o;
    o.insecure_skip_tls_verify = true;
    HttpTransport t(o);
    CHECK(logs.text().find("TLS certificate verification is DISABLED") != std::string::npos);
}

TEST_CASE("NTLM: curl answers the server's challenge with an NTLM negotiate message") {
    CannedServer server;
    server.handle("/EWS/Exchange.asmx", [](const Recorded&) { return Canned{401, "", {{"WWW-Authenticate", "NTLM"}}}; });
    Waits waits;
    ClientOptions o = options_for(server.ews_url(), waits);
    o.transport.credentials.method = AuthMethod::ntlm;
    o.transport.credentials.user = "CONTOSO\\alice";
    EwsClient client(o);
    try {
        get_folder(client, FolderRef::distinguished("calendar"));
        FAIL("expected EwsError");
    } catch (const EwsError& e) {
        CHECK(e.category() == ErrorCategory::auth);
    }
    const auto reqs = server.requests();
    REQUIRE_FALSE(reqs.empty());
    // "TlRMTVNTUAAB" = base64("NTLMSSP\0" + type 1), [MS-NLMP] 2.2.1.1 NEGOTIATE_MESSAGE: with
    // only NTLM allowed, curl opens the handshake on the first request (with an empty body;
    // the envelope goes with the authenticated leg).
    CHECK(reqs[0].authorization.rfind("NTLM TlRMTVNTUAAB", 0) == 0);
    CHECK(reqs[0].body.empty());
    CHECK(reqs[0].authorization.find(kPassword) == std::string::npos);
}

TEST_CASE("TLS: a certificate the client does not trust is refused, not retried") {
    CannedServer server(true);
    server.queue("/EWS/Exchange.asmx", {200, kGetFolderOk, {}});
    Waits waits;
    EwsClient client(options_for(server.ews_url(), waits));
    try {
        get_folder(client, FolderRef::distinguished("calendar"));
        FAIL("expected EwsError");
    } catch (const EwsError& e) {
        CHECK(e.category() == ErrorCategory::permanent);
        CHECK_FALSE(e.may_have_reached_server());
        CHECK(std::string(e.what()).find("certificate") != std::string::npos);
    }
    CHECK(server.requests().empty());  // no credentials left the client
    CHECK(client.stats().requests == 1);
}

TEST_CASE("TLS: trusted through ca_file, or accepted with the insecure flag") {
    CannedServer server(true);
    server.queue("/EWS/Exchange.asmx", {200, kGetFolderOk, {}});
    Waits waits;
    ClientOptions o = options_for(server.ews_url(), waits);
    o.transport.ca_file = (kEwsData / "tls" / "server-cert.pem").string();
    EwsClient trusted(o);
    CHECK(get_folder(trusted, FolderRef::distinguished("calendar")).id.id == "CAL1");
    ClientOptions insecure = options_for(server.ews_url(), waits);
    insecure.transport.insecure_skip_tls_verify = true;
    LogCapture logs;
    EwsClient anyway(insecure);
    CHECK(get_folder(anyway, FolderRef::distinguished("calendar")).id.id == "CAL1");
    CHECK(logs.text().find("TLS certificate verification is DISABLED") != std::string::npos);
    CHECK(server.requests().size() == 2);
}

TEST_CASE("Proxy: the configured one, and curl's http_proxy when none is configured") {
    CannedServer proxy;  // answers absolute-URI requests as an HTTP proxy would forward them
    const std::string target = "http://ews.example.invalid/EWS/Exchange.asmx";
    proxy.queue(target, {200, kGetFolderOk, {}});
    Waits waits;
    ClientOptions o = options_for(target, waits);
    o.transport.proxy = proxy.base();
    EwsClient via_option(o);
    CHECK(get_folder(via_option, FolderRef::distinguished("calendar")).id.id == "CAL1");
    REQUIRE(proxy.requests().size() == 1);
    CHECK(proxy.requests()[0].path == target);

    ClientOptions from_env = options_for(target, waits);
    from_env.transport.proxy.reset();
    ::setenv("http_proxy", proxy.base().c_str(), 1);
    EwsClient via_env(from_env);
    const FolderInfo f = get_folder(via_env, FolderRef::distinguished("calendar"));
    ::unsetenv("http_proxy");
    CHECK(f.id.id == "CAL1");
    CHECK(proxy.requests().size() == 2);
    CHECK(proxy.invalid() == 0);
}

TEST_CASE("Basic credentials to a plain-http host other than loopback are warned about") {
    LogCapture logs;
    Waits waits;
    EwsClient remote(options_for("http://mail.example.invalid/EWS/Exchange.asmx", waits));
    CHECK(logs.text().find("credentials travel unencrypted") != std::string::npos);
    LogCapture quiet;
    EwsClient local(options_for("http://127.0.0.1:1/EWS/Exchange.asmx", waits));
    CHECK(quiet.text().find("unencrypted") == std::string::npos);
}
