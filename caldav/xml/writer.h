#pragma once
// A streaming XML writer: a string builder with correct escaping, for response bodies. Not a
// DOM, so a PROPFIND Depth 1 over thousands of resources costs a few milliseconds. Elements of
// the four namespaces we use get fixed prefixes declared once on the root element:
//   D = DAV:, C = urn:ietf:params:xml:ns:caldav, CS = http://calendarserver.org/ns/,
//   ICAL = http://apple.com/ns/ical/.
// An element of any other namespace declares a fresh prefix (x0, x1, ...) on itself; an element
// with no namespace is written unprefixed (the root declares no default namespace).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "caldav/xml/qname.h"

namespace calbridge::caldav::xml {

class XmlWriter {
public:
    enum class Mode {
        document,   // XML declaration; the first element declares D, C, CS and ICAL
        fragment,   // neither: for content later passed to raw() of a document writer
    };
    explicit XmlWriter(Mode mode = Mode::document, std::size_t reserve = 4096);

    XmlWriter& open(std::string_view ns, std::string_view name);
    XmlWriter& open(const QName& q) { return open(q.ns, q.name); }
    // An attribute of the element just opened (before any content). name is written as given
    // (use unprefixed attribute names).
    XmlWriter& attr(std::string_view name, std::string_view value);
    XmlWriter& text(std::string_view text);
    XmlWriter& close();

    // <p:name>text</p:name>, or <p:name/> when text is empty.
    XmlWriter& leaf(std::string_view ns, std::string_view name, std::string_view text);
    XmlWriter& leaf(const QName& q, std::string_view text) { return leaf(q.ns, q.name, text); }
    XmlWriter& empty(const QName& q) { return leaf(q.ns, q.name, {}); }
    // <D:href>encode_href(path)</D:href>; path is a decoded store path (href.h).
    XmlWriter& href(std::string_view path);
    // <D:href> with an already encoded or absolute URL, only escaped for XML.
    XmlWriter& href_raw(std::string_view url);
    // Appends well-formed, self-contained XML as it is: a dead property from PropertyValue::xml
    // (every prefix it uses declared on itself) or the output of a fragment-mode writer.
    XmlWriter& raw(std::string_view xml);

    std::size_t depth() const noexcept { return starts_.size(); }
    const std::string& str() const noexcept { return out_; }
    // Closes every open element and hands over the text.
    std::string finish();

private:
    void finish_start_tag();
    void write_name(std::string_view ns, std::string_view name);

    Mode mode_;
    std::string out_;
    // Qualified names of the open elements, for their end tags: concatenated in names_, each
    // starting at its offset in starts_ (no allocation per element).
    std::string names_;
    std::vector<std::size_t> starts_;
    bool in_start_tag_ = false;
    bool root_written_ = false;
    unsigned next_prefix_ = 0;
};

// XML 1.0 escaping into out: text (&, <, >, and CR as &#13;) and attribute values (also ",
// TAB, LF). Characters XML 1.0 forbids (C0 controls other than TAB/LF/CR, U+FFFE/U+FFFF) and
// invalid UTF-8 become U+FFFD so the output stays well-formed.
void append_escaped_text(std::string& out, std::string_view text);
void append_escaped_attr(std::string& out, std::string_view value);

// "HTTP/1.1 404 Not Found" for DAV:status (RFC 4918 14.28).
std::string_view status_line(int status);

}  // namespace calbridge::caldav::xml
