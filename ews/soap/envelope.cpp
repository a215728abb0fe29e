#include "ews/soap/envelope.h"

#include "ews/soap/namespaces.h"

namespace calbridge::ews::soap {

std::string envelope(std::string_view body_xml, std::string_view server_version) {
    std::string out;
    out.reserve(body_xml.size() + 512);
    out += R"(<?xml version="1.0" encoding="utf-8"?>)";
    out += R"(<soap:Envelope xmlns:soap=")";
    out += ns::kSoap;
    out += R"(" xmlns:m=")";
    out += ns::kMessages;
    out += R"(" xmlns:t=")";
    out += ns::kTypes;
    out += R"("><soap:Header><t:RequestServerVersion Version=")";
    out += server_version;
    out += R"("/></soap:Header><soap:Body>)";
    out += body_xml;
    out += "</soap:Body></soap:Envelope>";
    return out;
}

}  // namespace calbridge::ews::soap
