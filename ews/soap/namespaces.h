#pragma once
// The namespace URIs of EWS and Autodiscover messages. Responses are matched on these URIs,
// never on prefixes (servers use s:/soap:, m:/default namespace, t:/h: freely).
#include <string_view>

namespace calbridge::ews::ns {

inline constexpr std::string_view kSoap = "http://schemas.xmlsoap.org/soap/envelope/";   // SOAP 1.1
inline constexpr std::string_view kMessages = "http://schemas.microsoft.com/exchange/services/2006/messages";
inline constexpr std::string_view kTypes = "http://schemas.microsoft.com/exchange/services/2006/types";
inline constexpr std::string_view kErrors = "http://schemas.microsoft.com/exchange/services/2006/errors";
// POX Autodiscover ([MS-OXDSCLI] 2.2.3, 2.2.4).
inline constexpr std::string_view kAutodiscoverRequest =
    "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006";
inline constexpr std::string_view kAutodiscoverResponse =
    "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";
inline constexpr std::string_view kAutodiscoverOutlookResponse =
    "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";
// SOAP Autodiscover ([MS-OXWSADISC]).
inline constexpr std::string_view kAutodiscoverSoap = "http://schemas.microsoft.com/exchange/2010/Autodiscover";
inline constexpr std::string_view kWsAddressing = "http://www.w3.org/2005/08/addressing";
inline constexpr std::string_view kXsi = "http://www.w3.org/2001/XMLSchema-instance";

}  // namespace calbridge::ews::ns
