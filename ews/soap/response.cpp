#include "ews/soap/response.h"

#include <charconv>
#include <stdexcept>

#include "ews/soap/namespaces.h"
#include "ews/soap/xml.h"

namespace calbridge::ews::soap {

namespace {

int to_int(std::string_view s) {
    int v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

}  // namespace

std::optional<std::chrono::milliseconds> back_off_from_message_xml(pugi::xml_node message_xml) {
    for (const pugi::xml_node value : xml::children(message_xml, ns::kTypes, "Value")) {
        if (xml::attribute(value, "Name") == "BackOffMilliseconds") {
            const std::string text = xml::trim(value.text().get());
            long long ms = 0;
            const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
            if (ec == std::errc() && ms >= 0) return std::chrono::milliseconds(ms);
        }
    }
    return std::nullopt;
}

std::unique_ptr<Response> Response::parse(std::string text) {
    std::unique_ptr<Response> r(new Response());
    r->text_ = std::move(text);
    // parse_default without DOCTYPE processing: pugixml never expands external entities.
    const pugi::xml_parse_result parsed =
        r->doc_.load_buffer(r->text_.data(), r->text_.size(), pugi::parse_default & ~pugi::parse_doctype);
    if (!parsed) throw std::runtime_error(std::string("response is not XML: ") + parsed.description());
    const pugi::xml_node envelope = r->doc_.document_element();
    if (!xml::is(envelope, ns::kSoap, "Envelope")) {
        throw std::runtime_error("response is not a SOAP 1.1 envelope (root element '" + std::string(envelope.name()) + "')");
    }
    if (const pugi::xml_node header = xml::child(envelope, ns::kSoap, "Header")) {
        // EWS: attributes on t:ServerVersionInfo.
        if (const pugi::xml_node svi = xml::child(header, ns::kTypes, "ServerVersionInfo")) {
            ServerVersionInfo v;
            v.major = to_int(svi.attribute("MajorVersion").value());
            v.minor = to_int(svi.attribute("MinorVersion").value());
            v.major_build = to_int(svi.attribute("MajorBuildNumber").value());
            v.minor_build = to_int(svi.attribute("MinorBuildNumber").value());
            v.version = svi.attribute("Version").value();
            r->server_version_ = v;
        }
    }
    const pugi::xml_node body = xml::child(envelope, ns::kSoap, "Body");
    if (!body) throw std::runtime_error("SOAP envelope without a Body");
    for (pugi::xml_node c = body.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_element) {
            r->body_element_ = c;
            break;
        }
    }
    if (xml::is(r->body_element_, ns::kSoap, "Fault")) {
        // SOAP 1.1 section 4.4: faultcode, faultstring, detail are unqualified.
        Fault f;
        const pugi::xml_node fault = r->body_element_;
        f.faultcode = xml::child_text(fault, "", "faultcode");
        f.faultstring = xml::child_text(fault, "", "faultstring");
        const pugi::xml_node detail = xml::child(fault, "", "detail");
        f.response_code = xml::child_text(detail, ns::kErrors, "ResponseCode");
        f.message = xml::child_text(detail, ns::kErrors, "Message");
        f.back_off = back_off_from_message_xml(xml::child(detail, ns::kTypes, "MessageXml"));
        if (f.response_code.empty()) {
            // Some faults carry the code only as the faultcode QName's local part.
            const auto colon = f.faultcode.find(':');
            const std::string local = colon == std::string::npos ? f.faultcode : f.faultcode.substr(colon + 1);
            if (local.rfind("Error", 0) == 0) f.response_code = local;
        }
        r->fault_ = std::move(f);
        return r;
    }
    const pugi::xml_node messages = xml::child(r->body_element_, ns::kMessages, "ResponseMessages");
    for (const pugi::xml_node m : xml::element_children(messages)) {
        ResponseMessage rm;
        rm.node = m;
        rm.response_class = m.attribute("ResponseClass").value();
        rm.response_code = xml::child_text(m, ns::kMessages, "ResponseCode");
        rm.message_text = xml::child_text(m, ns::kMessages, "MessageText");
        rm.back_off = back_off_from_message_xml(xml::child(m, ns::kMessages, "MessageXml"));
        r->messages_.push_back(std::move(rm));
    }
    return r;
}

}  // namespace calbridge::ews::soap
