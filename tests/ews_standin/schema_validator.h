#pragma once
// Validates EWS SOAP messages against Microsoft's published schema (messages.xsd, types.xsd)
// through a strict SOAP 1.1 envelope schema (tests/data/ews/schema/soap-envelope-wrapper.xsd):
// the EWS stand-in checks every request it receives and every response it sends with it
// (issue 5: "faithful, checked against Microsoft's published XSD schemas"). libxml2 does the
// schema work (ews/research/xsd-validation.md): the schema is compiled once (~110 ms) and
// shared read-only; each validate() call has its own parser and validation context, so calls
// from several threads are safe.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct _xmlDoc;

namespace calbridge::ews_standin {

// The libxml2 document a validation parsed, handed to the caller so the stand-in reads the
// request it has just validated (namespaces resolved) without parsing it twice.
struct XmlDocFree {
    void operator()(_xmlDoc* doc) const;
};
using XmlDoc = std::unique_ptr<_xmlDoc, XmlDocFree>;

struct SchemaProblem {
    int line = 0;         // 1-based line in the message, 0 when unknown
    std::string message;  // libxml2's text, e.g. "Element '{...}GetFoldr': No matching global element declaration"
};

struct Validation {
    bool valid = false;
    std::vector<SchemaProblem> problems;  // empty when valid
    // Local name of the soap:Body's first element child ("CreateItem", "GetItemResponse",
    // "Fault"), when the message parsed as XML: what the stand-in dispatches on.
    std::string body_element;
};

class EwsSchema {
public:
    // wrapper: soap-envelope-wrapper.xsd, with xml.xsd, types.xsd and messages.xsd beside it.
    // Throws std::runtime_error carrying libxml2's messages when the schema does not compile.
    explicit EwsSchema(const std::filesystem::path& wrapper);
    ~EwsSchema();
    EwsSchema(const EwsSchema&) = delete;
    EwsSchema& operator=(const EwsSchema&) = delete;

    // A message with a DTD is refused before validation (SOAP 1.1 section 3: "A SOAP message
    // MUST NOT contain a Document Type Declaration"); entities are never expanded and nothing
    // is fetched from the network.
    Validation validate(std::string_view message) const;
    // The same, and when the message parsed as XML, *parsed receives the document (also when
    // it is invalid, so a fault can still name the operation).
    Validation validate(std::string_view message, XmlDoc* parsed) const;

private:
    struct Compiled;
    std::unique_ptr<Compiled> compiled_;
};

}  // namespace calbridge::ews_standin
