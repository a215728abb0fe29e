#pragma once
// Reading EWS requests from the libxml2 document the schema validation parsed: matching is on
// namespace URI + local name (clients use different prefixes: exchangelib s:/m:/t:, the
// Microsoft docs soap:, evolution-ews a default namespace), never on prefixes.
#include <libxml/tree.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace calbridge::ews_standin::xml_in {

inline constexpr std::string_view kSoap = "http://schemas.xmlsoap.org/soap/envelope/";
inline constexpr std::string_view kMessages = "http://schemas.microsoft.com/exchange/services/2006/messages";
inline constexpr std::string_view kTypes = "http://schemas.microsoft.com/exchange/services/2006/types";

std::string_view name(const xmlNode* node);
std::string_view ns(const xmlNode* node);
bool is(const xmlNode* node, std::string_view ns_uri, std::string_view local);
// First element child with that local name (any namespace when ns_uri is empty), or nullptr.
const xmlNode* child(const xmlNode* node, std::string_view local, std::string_view ns_uri = {});
std::vector<const xmlNode*> elements(const xmlNode* node);
std::optional<std::string> attr(const xmlNode* node, const char* attribute);
std::string attr_or(const xmlNode* node, const char* attribute, std::string fallback);
std::string text(const xmlNode* node);  // concatenated text content, "" for nullptr
// soap:Envelope/soap:Header and soap:Body's first element child.
const xmlNode* header(const xmlDoc* doc);
const xmlNode* operation(const xmlDoc* doc);

}  // namespace calbridge::ews_standin::xml_in
