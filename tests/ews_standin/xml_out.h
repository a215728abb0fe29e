#pragma once
// Writing EWS responses with pugixml, in the shape Exchange 2016/2019 sends them: s:Envelope
// with h:ServerVersionInfo (Version "V2017_07_11", which exchangelib treats as "keep what you
// asked for"; ews/research/exchangelib-against-a-stand-in.md section 4), m:/t: prefixes.
#include <libxml/tree.h>

#include <pugixml.hpp>

#include <string>
#include <string_view>

namespace calbridge::ews_standin::xml_out {

// A response document; body() is s:Body.
class Envelope {
public:
    Envelope();
    pugi::xml_node body() const { return body_; }
    std::string str() const;

private:
    pugi::xml_document doc_;
    pugi::xml_node body_;
};

// m:<op>Response/m:ResponseMessages under body.
pugi::xml_node response_messages(pugi::xml_node body, std::string_view op);
// m:<op>ResponseMessage: Success/NoError when code is "NoError", else Error with MessageText,
// ResponseCode and DescriptiveLinkKey (messages.xsd ResponseMessageType order). Content follows.
pugi::xml_node message(pugi::xml_node messages, std::string_view op, std::string_view code = "NoError",
                       std::string_view text = {});

pugi::xml_node add(pugi::xml_node parent, std::string_view qname);  // "t:Subject"
pugi::xml_node add_text(pugi::xml_node parent, std::string_view qname, std::string_view text);

// Deep copy of a libxml2 element into parent, every element renamed to its namespace's
// prefix (t:, m:), attributes copied without prefix (EWS attributes are unqualified).
pugi::xml_node copy_in(pugi::xml_node parent, const xmlNode* source);

}  // namespace calbridge::ews_standin::xml_out
