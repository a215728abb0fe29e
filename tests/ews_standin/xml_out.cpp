#include "ews_standin/xml_out.h"

#include "ews_standin/xml_in.h"

#include <sstream>

namespace calbridge::ews_standin::xml_out {

Envelope::Envelope() {
    auto decl = doc_.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "utf-8";
    auto env = doc_.append_child("s:Envelope");
    env.append_attribute("xmlns:s") = std::string(xml_in::kSoap).c_str();
    auto header = env.append_child("s:Header");
    auto info = header.append_child("h:ServerVersionInfo");
    info.append_attribute("MajorVersion") = "15";
    info.append_attribute("MinorVersion") = "1";
    info.append_attribute("MajorBuildNumber") = "2507";
    info.append_attribute("MinorBuildNumber") = "6";
    info.append_attribute("Version") = "V2017_07_11";
    info.append_attribute("xmlns:h") = std::string(xml_in::kTypes).c_str();
    info.append_attribute("xmlns") = std::string(xml_in::kTypes).c_str();
    info.append_attribute("xmlns:xsd") = "http://www.w3.org/2001/XMLSchema";
    info.append_attribute("xmlns:xsi") = "http://www.w3.org/2001/XMLSchema-instance";
    body_ = env.append_child("s:Body");
    body_.append_attribute("xmlns:m") = std::string(xml_in::kMessages).c_str();
    body_.append_attribute("xmlns:t") = std::string(xml_in::kTypes).c_str();
}

std::string Envelope::str() const {
    std::ostringstream out;
    doc_.save(out, "", pugi::format_raw, pugi::encoding_utf8);
    return out.str();
}

pugi::xml_node add(pugi::xml_node parent, std::string_view qname) { return parent.append_child(std::string(qname).c_str()); }

pugi::xml_node add_text(pugi::xml_node parent, std::string_view qname, std::string_view text) {
    auto n = add(parent, qname);
    n.text().set(std::string(text).c_str());
    return n;
}

pugi::xml_node response_messages(pugi::xml_node body, std::string_view op) {
    auto response = add(body, "m:" + std::string(op) + "Response");
    return add(response, "m:ResponseMessages");
}

pugi::xml_node message(pugi::xml_node messages, std::string_view op, std::string_view code, std::string_view text) {
    auto m = add(messages, "m:" + std::string(op) + "ResponseMessage");
    const bool ok = code == "NoError";
    m.append_attribute("ResponseClass") = ok ? "Success" : "Error";
    if (!ok) add_text(m, "m:MessageText", text.empty() ? std::string(code) : std::string(text));
    add_text(m, "m:ResponseCode", code);
    if (!ok) add_text(m, "m:DescriptiveLinkKey", "0");
    // ItemInfoResponseMessageType requires m:Items: Exchange sends <m:Items/> with an error.
    if (!ok && (op == "GetItem" || op == "CreateItem" || op == "UpdateItem")) add(m, "m:Items");
    if (!ok && (op == "CreateAttachment" || op == "GetAttachment")) add(m, "m:Attachments");
    return m;
}

pugi::xml_node copy_in(pugi::xml_node parent, const xmlNode* source) {
    std::string prefix = xml_in::ns(source) == xml_in::kMessages ? "m:" : "t:";
    auto out = parent.append_child((prefix + std::string(xml_in::name(source))).c_str());
    for (const xmlAttr* a = source->properties; a; a = a->next) {
        xmlChar* v = xmlNodeGetContent(reinterpret_cast<const xmlNode*>(a));
        out.append_attribute(reinterpret_cast<const char*>(a->name)) = v ? reinterpret_cast<const char*>(v) : "";
        xmlFree(v);
    }
    bool has_elements = false;
    for (const xmlNode* c = source->children; c; c = c->next) has_elements |= c->type == XML_ELEMENT_NODE;
    for (const xmlNode* c = source->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            copy_in(out, c);
        } else if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && !has_elements) {
            out.append_child(pugi::node_pcdata).set_value(reinterpret_cast<const char*>(c->content));
        }
    }
    return out;
}

}  // namespace calbridge::ews_standin::xml_out
