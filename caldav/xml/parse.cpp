#include "caldav/xml/parse.h"

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "caldav/xml/utf8.h"

namespace calbridge::caldav::xml {
namespace {

bool is_xml_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool iequal_ascii(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

std::string latin1_to_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x80) {
            out += ch;
        } else {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

enum class Encoding { utf8, latin1 };

// XML 1.0 4.3.3 / Appendix F: the encoding from a BOM or the XML declaration. We handle UTF-8
// (and its subset US-ASCII) and ISO-8859-1; anything else is 415.
Encoding detect_encoding(std::string_view& body) {
    if (body.size() >= 3 && body.substr(0, 3) == "\xEF\xBB\xBF") {
        body.remove_prefix(3);
        return Encoding::utf8;
    }
    if (body.size() >= 2 && (body.substr(0, 2) == "\xFE\xFF" || body.substr(0, 2) == "\xFF\xFE" ||
                             (body[0] == '\0') || (body[0] == '<' && body[1] == '\0'))) {
        throw RequestError(415, "XML body is UTF-16 or UTF-32; only UTF-8 and ISO-8859-1 are supported");
    }
    if (body.size() < 6 || body.substr(0, 5) != "<?xml" || !is_xml_space(body[5])) return Encoding::utf8;
    const auto end = body.find("?>");
    if (end == std::string_view::npos) return Encoding::utf8;   // malformed: pugixml reports it
    const std::string_view decl = body.substr(0, end);
    auto pos = decl.find("encoding");
    if (pos == std::string_view::npos) return Encoding::utf8;
    pos += 8;
    while (pos < decl.size() && is_xml_space(decl[pos])) ++pos;
    if (pos >= decl.size() || decl[pos] != '=') return Encoding::utf8;
    ++pos;
    while (pos < decl.size() && is_xml_space(decl[pos])) ++pos;
    if (pos >= decl.size() || (decl[pos] != '"' && decl[pos] != '\'')) return Encoding::utf8;
    const char quote = decl[pos++];
    const auto close = decl.find(quote, pos);
    if (close == std::string_view::npos) return Encoding::utf8;
    const std::string_view name = decl.substr(pos, close - pos);
    if (iequal_ascii(name, "utf-8") || iequal_ascii(name, "us-ascii") || iequal_ascii(name, "ascii"))
        return Encoding::utf8;
    if (iequal_ascii(name, "iso-8859-1") || iequal_ascii(name, "latin1") || iequal_ascii(name, "iso8859-1"))
        return Encoding::latin1;
    throw RequestError(415, "XML body declares encoding \"" + std::string(name.substr(0, 40)) +
                                "\"; only UTF-8, US-ASCII and ISO-8859-1 are supported");
}

bool valid_char_ref(std::string_view digits, bool hex) noexcept {
    if (digits.empty() || digits.size() > 8) return false;
    std::uint32_t v = 0;
    for (const char c : digits) {
        std::uint32_t d;
        if (c >= '0' && c <= '9') d = static_cast<std::uint32_t>(c - '0');
        else if (hex && c >= 'a' && c <= 'f') d = static_cast<std::uint32_t>(c - 'a' + 10);
        else if (hex && c >= 'A' && c <= 'F') d = static_cast<std::uint32_t>(c - 'A' + 10);
        else return false;
        v = v * (hex ? 16u : 10u) + d;
    }
    return is_xml_char(v);
}

// A linear pass over the markup before pugixml sees it, for what pugixml tolerates but XML 1.0
// forbids or we refuse: any DOCTYPE or other markup declaration (XML 1.0 2.8: entities, and so
// external entities and expansion bombs, can only be declared there), entity references other
// than the five predefined ones (4.6), character references to non-Chars (4.1), a bare '&',
// and an XML declaration that is not at the start (2.8 / 2.6).
void scan_markup(std::string_view s) {
    std::size_t i = 0;
    const std::size_t n = s.size();
    while (i < n) {
        const char c = s[i];
        if (c == '<' && i + 1 < n && s[i + 1] == '!') {
            if (s.substr(i, 4) == "<!--") {
                const auto end = s.find("-->", i + 4);
                if (end == std::string_view::npos) bad_request("malformed XML: unterminated comment");
                i = end + 3;
            } else if (s.substr(i, 9) == "<![CDATA[") {
                const auto end = s.find("]]>", i + 9);
                if (end == std::string_view::npos) bad_request("malformed XML: unterminated CDATA section");
                i = end + 3;
            } else {
                bad_request("XML body contains a DOCTYPE or markup declaration; DTDs and entity declarations "
                            "are not accepted (external entities and entity expansion are refused)");
            }
        } else if (c == '<' && i + 1 < n && s[i + 1] == '?') {
            const auto end = s.find("?>", i + 2);
            if (end == std::string_view::npos) bad_request("malformed XML: unterminated processing instruction");
            const std::string_view target = s.substr(i + 2, std::min<std::size_t>(3, end - (i + 2)));
            if (i != 0 && iequal_ascii(target, "xml") && (i + 5 >= n || is_xml_space(s[i + 5]) || s[i + 5] == '?'))
                bad_request("malformed XML: the XML declaration is only allowed at the very start");
            i = end + 2;
        } else if (c == '&') {
            const auto semi = s.find(';', i + 1);
            if (semi == std::string_view::npos || semi - i > 12)
                bad_request("malformed XML: '&' that does not start a reference (write &amp;)");
            const std::string_view ref = s.substr(i + 1, semi - i - 1);
            bool ok;
            if (!ref.empty() && ref[0] == '#') {
                ok = ref.size() > 1 && (ref[1] == 'x' ? valid_char_ref(ref.substr(2), true)
                                                      : valid_char_ref(ref.substr(1), false));
            } else {
                ok = ref == "amp" || ref == "lt" || ref == "gt" || ref == "quot" || ref == "apos";
            }
            if (!ok)
                bad_request("XML body references the undeclared entity or invalid character '&" +
                            std::string(ref) + ";'");
            i = semi + 1;
        } else {
            ++i;
        }
    }
}

// Namespaces in XML 1.0 4: QName ::= PrefixedName | UnprefixedName, each part an NCName.
bool is_qualified_name(std::string_view raw) noexcept {
    const auto colon = raw.find(':');
    if (colon == std::string_view::npos) return is_ncname(raw);
    return is_ncname(raw.substr(0, colon)) && is_ncname(raw.substr(colon + 1));
}

// Walks the tree without recursion: depth limit, namespace well-formedness (every prefix
// declared, no xmlns:p="", Namespaces in XML 1.0 5/6), duplicate attributes (XML 1.0 3.1).
void check_tree(pugi::xml_node root, std::size_t max_depth) {
    std::unordered_map<std::string_view, std::vector<std::string_view>> bindings;
    std::vector<std::vector<std::string_view>> declared_at;   // prefixes declared per open element
    std::unordered_set<std::string_view> seen_attrs;

    auto declared = [&](std::string_view prefix) {
        if (prefix.empty() || prefix == "xml") return true;
        const auto it = bindings.find(prefix);
        return it != bindings.end() && !it->second.empty();
    };
    auto enter = [&](pugi::xml_node e) {
        if (declared_at.size() >= max_depth)
            bad_request("XML body nests elements deeper than " + std::to_string(max_depth) + " levels");
        declared_at.emplace_back();
        std::size_t count = 0;
        seen_attrs.clear();
        for (pugi::xml_attribute a = e.first_attribute(); a; a = a.next_attribute()) {
            const std::string_view an = a.name();
            if (!seen_attrs.insert(an).second)
                bad_request("malformed XML: attribute '" + std::string(an) + "' repeated on <" +
                            std::string(e.name()) + ">");
            ++count;
            if (an.substr(0, 6) == "xmlns:") {
                const std::string_view prefix = an.substr(6);
                if (*a.value() == '\0')
                    bad_request("XML namespace prefix '" + std::string(prefix) +
                                "' is bound to an empty namespace name (not allowed in XML 1.0 namespaces)");
                if (prefix == "xmlns" || prefix.empty())
                    bad_request("XML body declares the reserved prefix 'xmlns'");
                bindings[prefix].push_back(a.value());
                declared_at.back().push_back(prefix);
            }
        }
        const std::string_view en = e.name();
        if (!is_qualified_name(en))
            bad_request("XML element name <" + std::string(en) + "> is not a qualified name (Namespaces in XML 1.0 4)");
        if (!declared(prefix_part(en)))
            bad_request("XML element <" + std::string(en) + "> uses the undeclared namespace prefix '" +
                        std::string(prefix_part(en)) + "'");
        for (pugi::xml_attribute a = e.first_attribute(); a; a = a.next_attribute()) {
            const std::string_view an = a.name();
            const std::string_view prefix = prefix_part(an);
            if (prefix == "xmlns" || an == "xmlns") continue;
            if (!is_qualified_name(an))
                bad_request("XML attribute name '" + std::string(an) + "' is not a qualified name (Namespaces in XML 1.0 4)");
            if (!declared(prefix))
                bad_request("XML attribute '" + std::string(an) + "' uses the undeclared namespace prefix '" +
                            std::string(prefix) + "'");
        }
    };
    auto leave = [&]() {
        for (const auto prefix : declared_at.back()) bindings[prefix].pop_back();
        declared_at.pop_back();
    };

    pugi::xml_node n = root;
    enter(n);
    while (true) {
        pugi::xml_node child = n.first_child();
        while (child && child.type() != pugi::node_element) child = child.next_sibling();
        if (child) {
            n = child;
            enter(n);
            continue;
        }
        // No element child: go to the next element sibling, climbing as needed.
        while (true) {
            leave();
            if (n == root) return;
            pugi::xml_node sib = n.next_sibling();
            while (sib && sib.type() != pugi::node_element) sib = sib.next_sibling();
            if (sib) {
                n = sib;
                enter(n);
                break;
            }
            n = n.parent();
        }
    }
}

}  // namespace

Document::Document() : doc_(std::make_unique<pugi::xml_document>()) {}

pugi::xml_node Document::root() const { return doc_->document_element(); }

QName Document::root_name() const { return qname_of(root()); }

bool is_blank(std::string_view body) noexcept {
    return std::all_of(body.begin(), body.end(), is_xml_space);
}

Document parse_document(std::string_view body, const ParseLimits& limits) {
    if (body.size() > limits.max_bytes)
        throw RequestError(413, "XML body of " + std::to_string(body.size()) + " bytes exceeds the limit of " +
                                    std::to_string(limits.max_bytes) + " bytes");
    const Encoding encoding = detect_encoding(body);
    std::string converted;
    if (encoding == Encoding::latin1) {
        converted = latin1_to_utf8(body);
        body = converted;
    }
    if (const auto bad = find_invalid_xml_utf8(body); bad != std::string_view::npos)
        bad_request("XML body is not valid UTF-8 or holds a character XML forbids (byte offset " +
                    std::to_string(bad) + ")");
    scan_markup(body);

    Document document;
    constexpr unsigned options = pugi::parse_default | pugi::parse_doctype | pugi::parse_ws_pcdata | pugi::parse_fragment;
    const pugi::xml_parse_result result =
        document.doc().load_buffer(body.data(), body.size(), options, pugi::encoding_utf8);
    if (!result)
        bad_request(std::string("malformed XML: ") + result.description() + " at byte offset " +
                    std::to_string(result.offset));

    std::size_t elements = 0;
    for (pugi::xml_node n = document.doc().first_child(); n; n = n.next_sibling()) {
        switch (n.type()) {
            case pugi::node_element: ++elements; break;
            case pugi::node_doctype: bad_request("XML body contains a DOCTYPE; DTDs are not accepted");
            case pugi::node_pcdata:
            case pugi::node_cdata:
                if (!is_blank(n.value())) bad_request("malformed XML: text outside the document element");
                break;
            default: break;
        }
    }
    if (elements == 0) bad_request("XML body has no document element");
    if (elements > 1) bad_request("malformed XML: more than one document element");
    check_tree(document.root(), limits.max_depth);
    return document;
}

std::string text_of(pugi::xml_node element) {
    std::string out;
    for (pugi::xml_node n = element.first_child(); n; n = n.next_sibling()) {
        if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) out += n.value();
    }
    return out;
}

std::string trimmed_text_of(pugi::xml_node element) {
    std::string s = text_of(element);
    std::size_t b = 0, e = s.size();
    while (b < e && is_xml_space(s[b])) ++b;
    while (e > b && is_xml_space(s[e - 1])) --e;
    return s.substr(b, e - b);
}

pugi::xml_node child_element(pugi::xml_node parent, std::string_view ns, std::string_view name) {
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
        if (is_element(c, ns, name)) return c;
    }
    return {};
}

void expect_root(pugi::xml_node root, std::string_view ns, std::string_view name) {
    if (!is_element(root, ns, name)) {
        const QName got = qname_of(root);
        bad_request("XML body has root element " + got.clark() + ", expected {" + std::string(ns) + "}" +
                    std::string(name));
    }
}

}  // namespace calbridge::caldav::xml
