#pragma once
// The SOAP 1.1 envelope of every EWS request ([MS-OXWSCDATA] 2.2.3.9 RequestServerVersion):
// <soap:Envelope><soap:Header><t:RequestServerVersion Version="..."/></soap:Header>
// <soap:Body>BODY</soap:Body></soap:Envelope>, prefixes m: (messages) and t: (types) declared on
// the root so that body fragments may use them.
#include <string>
#include <string_view>

namespace calbridge::ews::soap {

// Exchange2013_SP1 is understood by Exchange 2013, 2016, 2019 and Subscription Edition;
// "Exchange2016" is also valid in types.xsd ExchangeVersionType ("Exchange2019" is not).
inline constexpr std::string_view kDefaultServerVersion = "Exchange2013_SP1";

// body_xml: the operation element (e.g. "<m:GetItem>...</m:GetItem>") using the m:/t: prefixes.
std::string envelope(std::string_view body_xml, std::string_view server_version = kDefaultServerVersion);

}  // namespace calbridge::ews::soap
