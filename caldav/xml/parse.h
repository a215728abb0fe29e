#pragma once
// Safe parsing of request bodies into a pugixml document (issue 4 "Bad input"): DOCTYPE refused
// (no external entities, no entity-expansion bombs: XML 1.0 4.2 entities only come from a DTD),
// only encodings we handle, a size and a depth limit, namespace well-formedness checked once
// here so the request parsers can trust qname_of(). Every failure is a RequestError.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "caldav/xml/error.h"
#include "caldav/xml/qname.h"

namespace calbridge::caldav::xml {

struct ParseLimits {
    std::size_t max_bytes = 4 * 1024 * 1024;  // 413 above this
    std::size_t max_depth = 64;               // element nesting; 400 above this
};

// A parsed request body. Holds the pugixml document (not copyable, cheap to move).
class Document {
public:
    Document();
    pugi::xml_node root() const;   // the document element
    QName root_name() const;
    pugi::xml_document& doc() { return *doc_; }

private:
    std::unique_ptr<pugi::xml_document> doc_;
};

// Parses body. Throws RequestError:
//   413 body larger than limits.max_bytes;
//   415 an encoding other than UTF-8 / US-ASCII / ISO-8859-1 (declared, or UTF-16/32 by BOM);
//   400 malformed XML, invalid UTF-8, a DOCTYPE, nesting deeper than limits.max_depth,
//       an undeclared or illegally undeclared namespace prefix (xmlns:p="", Namespaces in XML 1.0
//       5), no document element.
Document parse_document(std::string_view body, const ParseLimits& limits = {});

// True when body holds nothing but XML whitespace (RFC 4918 9.1: an empty PROPFIND = allprop).
bool is_blank(std::string_view body) noexcept;

// --- small helpers for the request parsers ---

// The concatenated character data (text and CDATA) directly inside element, untouched.
std::string text_of(pugi::xml_node element);
// Same, with leading/trailing XML whitespace removed (hrefs, tokens, numbers).
std::string trimmed_text_of(pugi::xml_node element);
// The first child element with that name, or an empty node.
pugi::xml_node child_element(pugi::xml_node parent, std::string_view ns, std::string_view name);
// Throws 400 unless root has the expected name.
void expect_root(pugi::xml_node root, std::string_view ns, std::string_view name);

}  // namespace calbridge::caldav::xml
