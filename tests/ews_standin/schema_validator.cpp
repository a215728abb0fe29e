#include "ews_standin/schema_validator.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include <climits>
#include <mutex>
#include <stdexcept>

namespace calbridge::ews_standin {

namespace {

constexpr const char* kSoapNamespace = "http://schemas.xmlsoap.org/soap/envelope/";

// libxml2's structured error callback: one SchemaProblem per error, the message without its
// trailing newline.
void collect(void* user, xmlErrorPtr error) {
    if (error == nullptr) return;
    auto* problems = static_cast<std::vector<SchemaProblem>*>(user);
    std::string text = error->message ? error->message : "unknown libxml2 error";
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    problems->push_back({error->line, std::move(text)});
}

struct ValidCtxtFree {
    void operator()(xmlSchemaValidCtxt* c) const { xmlSchemaFreeValidCtxt(c); }
};

const xmlChar* xml_chars(const char* s) { return reinterpret_cast<const xmlChar*>(s); }

bool in_soap(const xmlNode* node) {
    return node->ns != nullptr && xmlStrcmp(node->ns->href, xml_chars(kSoapNamespace)) == 0;
}

// The local name of soap:Envelope/soap:Body's first element child, or "".
std::string body_element_of(const xmlDoc* doc) {
    const xmlNode* envelope = xmlDocGetRootElement(doc);
    if (envelope == nullptr) return {};
    for (const xmlNode* part = envelope->children; part; part = part->next) {
        if (part->type != XML_ELEMENT_NODE || !in_soap(part) || xmlStrcmp(part->name, xml_chars("Body")) != 0) continue;
        for (const xmlNode* child = part->children; child; child = child->next)
            if (child->type == XML_ELEMENT_NODE) return reinterpret_cast<const char*>(child->name);
    }
    return {};
}

}  // namespace

struct EwsSchema::Compiled {
    xmlSchema* schema = nullptr;
    ~Compiled() {
        if (schema) xmlSchemaFree(schema);
    }
};

EwsSchema::EwsSchema(const std::filesystem::path& wrapper) : compiled_(std::make_unique<Compiled>()) {
    // libxml2 requires xmlInitParser before use from several threads, and xmlSchemaParse's
    // lazy type initialisation is not thread-safe: both happen here, once, under a lock.
    static std::mutex compile_mutex;
    std::lock_guard lock(compile_mutex);
    xmlInitParser();
    std::vector<SchemaProblem> problems;
    xmlSchemaParserCtxt* parser = xmlSchemaNewParserCtxt(wrapper.c_str());
    if (parser == nullptr) throw std::runtime_error("EWS schema " + wrapper.string() + ": cannot be opened");
    xmlSchemaSetParserStructuredErrors(parser, collect, &problems);
    compiled_->schema = xmlSchemaParse(parser);
    xmlSchemaFreeParserCtxt(parser);
    if (compiled_->schema == nullptr) {
        std::string what = "EWS schema " + wrapper.string() + " does not compile";
        for (const auto& p : problems) what += "\n  line " + std::to_string(p.line) + ": " + p.message;
        throw std::runtime_error(what);
    }
}

EwsSchema::~EwsSchema() = default;

void XmlDocFree::operator()(_xmlDoc* doc) const { xmlFreeDoc(doc); }

Validation EwsSchema::validate(std::string_view message) const { return validate(message, nullptr); }

Validation EwsSchema::validate(std::string_view message, XmlDoc* parsed) const {
    Validation result;
    if (message.size() > static_cast<std::size_t>(INT_MAX)) {
        result.problems.push_back({0, "message too large"});
        return result;
    }
    // No XML_PARSE_NOENT (entities stay unexpanded), no DTD loading, no network. libxml2's
    // structured error handler is per thread (2.9 with threads), so is this collection.
    std::vector<SchemaProblem> parse_problems;
    xmlSetStructuredErrorFunc(&parse_problems, collect);
    XmlDoc doc(xmlReadMemory(message.data(), static_cast<int>(message.size()), "message.xml",
                                                       nullptr, XML_PARSE_NONET | XML_PARSE_NOWARNING));
    xmlSetStructuredErrorFunc(nullptr, nullptr);
    if (!doc) {
        result.problems = std::move(parse_problems);
        if (result.problems.empty()) result.problems.push_back({0, "not well-formed XML"});
        return result;
    }
    result.body_element = body_element_of(doc.get());
    if (doc->intSubset != nullptr || doc->extSubset != nullptr) {  // never handed out
        result.problems.push_back({doc->intSubset ? static_cast<int>(xmlGetLineNo(reinterpret_cast<xmlNode*>(doc->intSubset))) : 0,
                                   "a SOAP message must not contain a Document Type Declaration (SOAP 1.1 section 3)"});
        return result;
    }
    std::unique_ptr<xmlSchemaValidCtxt, ValidCtxtFree> validator(xmlSchemaNewValidCtxt(compiled_->schema));
    if (!validator) throw std::runtime_error("libxml2: out of memory");
    xmlSchemaSetValidStructuredErrors(validator.get(), collect, &result.problems);
    const int rc = xmlSchemaValidateDoc(validator.get(), doc.get());
    if (rc < 0 && result.problems.empty()) result.problems.push_back({0, "libxml2 internal validation error"});
    result.valid = rc == 0;
    if (parsed != nullptr) *parsed = std::move(doc);
    return result;
}

}  // namespace calbridge::ews_standin
