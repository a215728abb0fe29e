#include "ews_standin/soap_faults.h"

#include "ews_standin/xml_in.h"

#include <pugixml.hpp>

#include <functional>
#include <sstream>

namespace calbridge::ews_standin {

namespace {
constexpr const char* kErrors = "http://schemas.microsoft.com/exchange/services/2006/errors";

std::string fault(const std::string& code, const std::string& text, const std::function<void(pugi::xml_node)>& message_xml) {
    pugi::xml_document doc;
    auto decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "utf-8";
    auto env = doc.append_child("s:Envelope");
    env.append_attribute("xmlns:s") = std::string(xml_in::kSoap).c_str();
    auto f = env.append_child("s:Body").append_child("s:Fault");
    auto fc = f.append_child("faultcode");
    fc.append_attribute("xmlns:a") = std::string(xml_in::kTypes).c_str();
    fc.text().set(("a:" + code).c_str());
    auto fs = f.append_child("faultstring");
    fs.append_attribute("xml:lang") = "en-US";
    fs.text().set(text.c_str());
    auto detail = f.append_child("detail");
    auto rc = detail.append_child("e:ResponseCode");
    rc.append_attribute("xmlns:e") = kErrors;
    rc.text().set(code.c_str());
    auto msg = detail.append_child("e:Message");
    msg.append_attribute("xmlns:e") = kErrors;
    msg.text().set(text.c_str());
    auto mx = detail.append_child("t:MessageXml");
    mx.append_attribute("xmlns:t") = std::string(xml_in::kTypes).c_str();
    message_xml(mx);
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw, pugi::encoding_utf8);
    return out.str();
}
}  // namespace

std::string server_busy_fault(int backoff_ms) {
    return fault("ErrorServerBusy", "The server cannot service this request right now. Try again later.", [&](pugi::xml_node mx) {
        auto v = mx.append_child("t:Value");
        v.append_attribute("Name") = "BackOffMilliseconds";
        v.text().set(backoff_ms);
    });
}

std::string schema_fault(const std::string& code, const std::string& violation, int line) {
    const std::string text = code == "ErrorSchemaValidation" ? "The request failed schema validation: " + violation
                                                             : "The request is invalid: " + violation;
    return fault(code, text, [&](pugi::xml_node mx) {
        mx.append_child("t:LineNumber").text().set(line);
        mx.append_child("t:LinePosition").text().set(0);
        mx.append_child("t:Violation").text().set(violation.c_str());
    });
}

}  // namespace calbridge::ews_standin
