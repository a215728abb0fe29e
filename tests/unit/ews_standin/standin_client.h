#pragma once
// Test helpers: a running EWS stand-in (alice, bob; bob's calendar shared read-only with
// alice) and raw SOAP over loopback, answers read with pugixml (the stand-in writes s:/m:/t:).
#include <catch2/catch.hpp>
#include <httplib.h>
#include <pugixml.hpp>

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "ews_standin/ews_standin.h"

namespace standin_test {

inline std::unique_ptr<calbridge::ews_standin::EwsStandin> start_standin() {
    calbridge::ews_standin::StandinOptions o;
    o.users = {{"alice@example.com", "secret"}, {"bob@example.com", "secret2"}};
    o.shares = {{"bob@example.com", "alice@example.com"}};
    o.schema = std::filesystem::path(CALBRIDGE_TEST_DATA) / "ews" / "schema" / "soap-envelope-wrapper.xsd";
    auto s = std::make_unique<calbridge::ews_standin::EwsStandin>(o);
    s->start();
    return s;
}

inline std::string envelope(const std::string& body, const std::string& time_zone = "W. Europe Standard Time") {
    return "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
           "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
           "xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\" "
           "xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\">"
           "<s:Header><t:RequestServerVersion Version=\"Exchange2016\"/>"
           "<t:TimeZoneContext><t:TimeZoneDefinition Id=\"" + time_zone + "\"/></t:TimeZoneContext></s:Header>"
           "<s:Body>" + body + "</s:Body></s:Envelope>";
}

struct Reply {
    int status = 0;
    std::string body;
    std::shared_ptr<pugi::xml_document> doc = std::make_shared<pugi::xml_document>();
    httplib::Headers headers;
    // The n-th (0-based) m:*ResponseMessage.
    pugi::xml_node message(std::size_t n = 0) const {
        auto msgs = doc->document_element().child("s:Body").first_child().child("m:ResponseMessages");
        std::size_t i = 0;
        for (auto m : msgs.children())
            if (i++ == n) return m;
        return {};
    }
    std::string code(std::size_t n = 0) const { return message(n).child_value("m:ResponseCode"); }
};

inline Reply post(calbridge::ews_standin::EwsStandin& s, const std::string& raw, const std::string& user = "alice@example.com",
                  const std::string& password = "secret") {
    httplib::Client c("127.0.0.1", s.port());
    c.set_read_timeout(10, 0);
    if (!user.empty()) c.set_basic_auth(user.c_str(), password.c_str());
    auto r = c.Post("/EWS/Exchange.asmx", raw, "text/xml; charset=utf-8");
    Reply out;
    if (!r) return out;
    out.status = r->status;
    out.body = r->body;
    out.headers = r->headers;
    out.doc->load_string(r->body.c_str());
    return out;
}

inline Reply soap(calbridge::ews_standin::EwsStandin& s, const std::string& body, const std::string& user = "alice@example.com",
                  const std::string& password = "secret") {
    return post(s, envelope(body), user, password);
}

inline std::string calendar(const std::string& owner = "") {
    if (owner.empty()) return "<t:DistinguishedFolderId Id=\"calendar\"/>";
    return "<t:DistinguishedFolderId Id=\"calendar\"><t:Mailbox><t:EmailAddress>" + owner +
           "</t:EmailAddress></t:Mailbox></t:DistinguishedFolderId>";
}

// CreateItem of one calendar item made of `props` (t:... children in schema order).
inline Reply create(calbridge::ews_standin::EwsStandin& s, const std::string& props, const std::string& folder = calendar(),
                    const std::string& user = "alice@example.com", const std::string& password = "secret") {
    return soap(s,
                "<m:CreateItem SendMeetingInvitations=\"SendToNone\"><m:SavedItemFolderId>" + folder +
                    "</m:SavedItemFolderId><m:Items><t:CalendarItem>" + props + "</t:CalendarItem></m:Items></m:CreateItem>",
                user, password);
}

inline pugi::xml_node first_item(const Reply& r, std::size_t n = 0) {
    return r.message(n).child("m:Items").first_child();
}
// The node lives in the reply's document: for a temporary reply the document is kept alive
// until the test binary ends (a few replies per test), so the node never dangles.
inline pugi::xml_node first_item(Reply&& r, std::size_t n = 0) {
    static std::vector<std::shared_ptr<pugi::xml_document>> kept;
    static std::mutex mutex;
    {
        std::lock_guard lock(mutex);
        kept.push_back(r.doc);
    }
    return r.message(n).child("m:Items").first_child();
}

inline std::string get_item_body(const std::string& ids, const std::string& shape = "AllProperties",
                                 const std::string& extra = "") {
    return "<m:GetItem><m:ItemShape><t:BaseShape>" + shape + "</t:BaseShape>" + extra + "</m:ItemShape><m:ItemIds>" + ids +
           "</m:ItemIds></m:GetItem>";
}

inline std::string item_id(pugi::xml_node item) {
    auto id = item.child("t:ItemId");
    return "<t:ItemId Id=\"" + std::string(id.attribute("Id").value()) + "\" ChangeKey=\"" + id.attribute("ChangeKey").value() +
           "\"/>";
}

inline void require_all_valid(calbridge::ews_standin::EwsStandin& s) {
    auto t = s.stats().total();
    INFO(s.stats().json());
    REQUIRE(t.invalid_responses == 0);
}

}  // namespace standin_test
