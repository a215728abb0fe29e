#pragma once
// A parsed EWS SOAP response: the document (owned, so nodes handed out stay valid while the
// response lives), the ServerVersionInfo header, a SOAP Fault if the body holds one, and the
// ResponseMessages of an operation response, each with ResponseClass, ResponseCode,
// MessageText and the BackOffMilliseconds of its MessageXml ([MS-OXWSCDATA] 2.2.4.43
// ResponseMessageType; messages.xsd). Everything is matched by namespace URI.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

namespace calbridge::ews::soap {

struct ServerVersionInfo {
    int major = 0, minor = 0, major_build = 0, minor_build = 0;
    std::string version;  // "V2017_07_11", "Exchange2013_SP1"...
};

struct Fault {
    std::string faultcode;      // "a:ErrorServerBusy" as written
    std::string faultstring;
    std::string response_code;  // detail/e:ResponseCode ("ErrorServerBusy"), "" when absent
    std::string message;        // detail/e:Message
    std::optional<std::chrono::milliseconds> back_off;  // detail/t:MessageXml/t:Value[@Name=BackOffMilliseconds]
};

struct ResponseMessage {
    pugi::xml_node node;          // the m:<Op>ResponseMessage element
    std::string response_class;   // "Success" | "Warning" | "Error"
    std::string response_code;    // "NoError", "ErrorItemNotFound"...
    std::string message_text;
    std::optional<std::chrono::milliseconds> back_off;  // MessageXml BackOffMilliseconds

    bool ok() const { return response_class != "Error" && (response_code.empty() || response_code == "NoError"); }
};

class Response {
public:
    // Throws std::runtime_error when the text is not XML or not a SOAP envelope.
    static std::unique_ptr<Response> parse(std::string text);

    pugi::xml_node body_element() const noexcept { return body_element_; }  // first child of soap:Body
    const std::optional<Fault>& fault() const noexcept { return fault_; }
    const std::optional<ServerVersionInfo>& server_version() const noexcept { return server_version_; }
    // The ResponseMessages/* children of the operation response, in order (empty for a fault).
    const std::vector<ResponseMessage>& messages() const noexcept { return messages_; }

private:
    Response() = default;
    std::string text_;
    pugi::xml_document doc_;
    pugi::xml_node body_element_;
    std::optional<Fault> fault_;
    std::optional<ServerVersionInfo> server_version_;
    std::vector<ResponseMessage> messages_;
};

// BackOffMilliseconds from a MessageXml element (types namespace Value children).
std::optional<std::chrono::milliseconds> back_off_from_message_xml(pugi::xml_node message_xml);

}  // namespace calbridge::ews::soap
