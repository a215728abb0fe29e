#include "ews_standin/xml_in.h"

namespace calbridge::ews_standin::xml_in {

namespace {
std::string_view chars(const xmlChar* s) { return s ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view(); }

const xmlNode* soap_part(const xmlDoc* doc, std::string_view part) {
    const xmlNode* envelope = xmlDocGetRootElement(const_cast<xmlDoc*>(doc));
    if (envelope == nullptr || !is(envelope, kSoap, "Envelope")) return nullptr;
    return child(envelope, part, kSoap);
}
}  // namespace

std::string_view name(const xmlNode* node) { return chars(node->name); }
std::string_view ns(const xmlNode* node) { return node->ns ? chars(node->ns->href) : std::string_view(); }

bool is(const xmlNode* node, std::string_view ns_uri, std::string_view local) {
    return node != nullptr && node->type == XML_ELEMENT_NODE && name(node) == local && ns(node) == ns_uri;
}

const xmlNode* child(const xmlNode* node, std::string_view local, std::string_view ns_uri) {
    if (node == nullptr) return nullptr;
    for (const xmlNode* c = node->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && name(c) == local && (ns_uri.empty() || ns(c) == ns_uri)) return c;
    return nullptr;
}

std::vector<const xmlNode*> elements(const xmlNode* node) {
    std::vector<const xmlNode*> out;
    if (node == nullptr) return out;
    for (const xmlNode* c = node->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE) out.push_back(c);
    return out;
}

std::optional<std::string> attr(const xmlNode* node, const char* attribute) {
    if (node == nullptr) return std::nullopt;
    xmlChar* value = xmlGetNoNsProp(const_cast<xmlNode*>(node), reinterpret_cast<const xmlChar*>(attribute));
    if (value == nullptr) return std::nullopt;
    std::string out(reinterpret_cast<const char*>(value));
    xmlFree(value);
    return out;
}

std::string attr_or(const xmlNode* node, const char* attribute, std::string fallback) {
    auto v = attr(node, attribute);
    return v ? *v : fallback;
}

std::string text(const xmlNode* node) {
    if (node == nullptr) return {};
    xmlChar* content = xmlNodeGetContent(node);
    std::string out = content ? reinterpret_cast<const char*>(content) : "";
    xmlFree(content);
    return out;
}

const xmlNode* header(const xmlDoc* doc) { return soap_part(doc, "Header"); }

const xmlNode* operation(const xmlDoc* doc) {
    const xmlNode* body = soap_part(doc, "Body");
    for (const xmlNode* c = body ? body->children : nullptr; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE) return c;
    return nullptr;
}

}  // namespace calbridge::ews_standin::xml_in
