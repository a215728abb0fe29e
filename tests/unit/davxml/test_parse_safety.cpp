// Safe parsing of request bodies (issue 4 "Bad input"): caldav/xml/parse.h.
#include <catch2/catch.hpp>

#include <string>

#include "caldav/xml/parse.h"
#include "caldav/xml/propfind.h"
#include "caldav/xml/proppatch.h"
#include "davxml_support.h"

using namespace calbridge::caldav::xml;
using davxml_test::request_error;

TEST_CASE("well-formed body parses and exposes the root QName", "[davxml][parse]") {
    const Document d = parse_document(R"(<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>)");
    CHECK(d.root_name() == dav("propfind"));
}

TEST_CASE("malformed XML is 400", "[davxml][parse]") {
    for (const char* body : {"<D:propfind xmlns:D=\"DAV:\"><D:prop></D:propfind>",   // mismatched end tag
                             "<D:propfind xmlns:D=\"DAV:\"",                          // truncated
                             "<a b=c/>",                                             // unquoted attribute
                             "<a/><b/>",                                             // two document elements
                             "junk<a/>",                                             // text before the root
                             "<a/>junk",                                             // text after the root
                             "<a x='1' x='2'/>",                                     // repeated attribute
                             "<a>fish & chips</a>",                                  // bare ampersand
                             "<a>&nbsp;</a>",                                        // undeclared entity
                             "<a>&#0;</a>",                                          // reference to a non-Char
                             "<a/><?xml version='1.0'?>",                            // late XML declaration
                             "   "}) {
        INFO(body);
        const RequestError e = request_error([&] { (void)parse_document(body); });
        CHECK(e.status() == 400);
        CHECK_FALSE(e.condition().has_value());
    }
}

TEST_CASE("DOCTYPE with an external entity (XXE) is refused", "[davxml][parse]") {
    const std::string body =
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE D:propfind [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
        "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:displayname>&xxe;</D:displayname></D:prop></D:propfind>";
    const RequestError e = request_error([&] { (void)parse_propfind(body); });
    CHECK(e.status() == 400);
    CHECK_THAT(e.what(), Catch::Contains("DOCTYPE"));
}

TEST_CASE("billion laughs is refused before any expansion", "[davxml][parse]") {
    std::string body = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n";
    for (int i = 1; i <= 9; ++i) {
        body += "<!ENTITY lol" + std::to_string(i) + " \"";
        for (int k = 0; k < 10; ++k) body += "&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";";
        body += "\">\n";
    }
    body += "]>\n<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop><x:a xmlns:x=\"urn:x\">&lol9;</x:a>"
            "</D:prop></D:set></D:propertyupdate>";
    const RequestError e = request_error([&] { (void)parse_proppatch(body); });
    CHECK(e.status() == 400);
    CHECK_THAT(e.what(), Catch::Contains("DOCTYPE"));
}

TEST_CASE("a DOCTYPE without entities is refused too", "[davxml][parse]") {
    const RequestError e = request_error([] { (void)parse_document("<!DOCTYPE a SYSTEM \"http://example.com/a.dtd\"><a/>"); });
    CHECK(e.status() == 400);
}

TEST_CASE("nesting deeper than the limit is refused", "[davxml][parse]") {
    auto nested = [](int depth) {
        std::string s;
        for (int i = 0; i < depth; ++i) s += "<a>";
        for (int i = 0; i < depth; ++i) s += "</a>";
        return s;
    };
    CHECK_NOTHROW(parse_document(nested(64)));
    const RequestError e = request_error([&] { (void)parse_document(nested(65)); });
    CHECK(e.status() == 400);
    CHECK_THAT(e.what(), Catch::Contains("deeper"));
    // Far deeper input must fail the same way, without exhausting the stack.
    CHECK(request_error([&] { (void)parse_document(nested(200000)); }).status() == 400);
    ParseLimits shallow;
    shallow.max_depth = 3;
    CHECK(request_error([&] { (void)parse_document(nested(4), shallow); }).status() == 400);
}

TEST_CASE("bodies above the size limit are 413", "[davxml][parse]") {
    ParseLimits small;
    small.max_bytes = 100;
    const std::string body = "<a>" + std::string(200, 'x') + "</a>";
    CHECK(request_error([&] { (void)parse_document(body, small); }).status() == 413);
    CHECK_NOTHROW(parse_document(body));
}

TEST_CASE("encodings: UTF-8, US-ASCII and ISO-8859-1 accepted, others 415", "[davxml][parse]") {
    CHECK_NOTHROW(parse_document("\xEF\xBB\xBF<a/>"));   // UTF-8 BOM
    CHECK_NOTHROW(parse_document("<?xml version='1.0' encoding='US-ASCII'?><a/>"));
    // ISO-8859-1: E9 is e-acute and must arrive as UTF-8 C3 A9.
    const Document latin = parse_document("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf\xE9</a>");
    CHECK(text_of(latin.root()) == "caf\xC3\xA9");
    CHECK(request_error([] { (void)parse_document("<?xml version='1.0' encoding='Shift_JIS'?><a/>"); }).status() == 415);
    CHECK(request_error([] { (void)parse_document(std::string("\xFF\xFE<\0a\0/\0>\0", 10)); }).status() == 415);
    // Declared UTF-8 (the default) but not UTF-8: 400.
    CHECK(request_error([] { (void)parse_document("<a>caf\xE9</a>"); }).status() == 400);
    // Control characters are not XML characters.
    CHECK(request_error([] { (void)parse_document("<a>\x01</a>"); }).status() == 400);
    CHECK(request_error([] { (void)parse_document(std::string("<a>\0</a>", 8)); }).status() == 400);
}

TEST_CASE("namespace well-formedness", "[davxml][parse]") {
    // Undeclared element prefix.
    CHECK(request_error([] { (void)parse_document("<D:propfind><D:allprop/></D:propfind>"); }).status() == 400);
    // Undeclared attribute prefix.
    CHECK(request_error([] { (void)parse_document("<a q:x='1'/>"); }).status() == 400);
    // litmus props "propfind_invalid2": a prefix bound to the empty namespace name.
    const RequestError e = request_error([] {
        (void)parse_propfind("<propfind xmlns=\"DAV:\"><prop><bar:foo xmlns:bar=\"\"/></prop></propfind>");
    });
    CHECK(e.status() == 400);
    // A prefix declared on an ancestor and one re-declared on a child are both fine.
    CHECK_NOTHROW(parse_document("<a xmlns:p='urn:1'><p:b><p:c xmlns:p='urn:2'/></p:b></a>"));
    // Comments, CDATA and processing instructions are not mistaken for markup declarations.
    CHECK_NOTHROW(parse_document("<a><!-- <!DOCTYPE x> & --><![CDATA[<!ENTITY & >]]><?pi & ?></a>"));
}

TEST_CASE("text helpers", "[davxml][parse]") {
    const Document d = parse_document("<a xmlns:D='DAV:'>  x<![CDATA[<y>]]>z \n<D:href> /p </D:href></a>");
    CHECK(text_of(d.root()) == "  x<y>z \n");
    CHECK(trimmed_text_of(d.root()) == "x<y>z");
    CHECK(trimmed_text_of(child_element(d.root(), kDav, "href")) == "/p");
    CHECK_FALSE(child_element(d.root(), kDav, "prop"));
    CHECK(is_blank(" \r\n\t"));
    CHECK_FALSE(is_blank(" x "));
}

TEST_CASE("names that are not qualified names are refused", "[davxml][parse]") {
    // Found by fuzz_dav_request_xml: two colons in an element name.
    CHECK(request_error([] { (void)parse_document("<D:a:b xmlns:D='DAV:'/>"); }).status() == 400);
    CHECK(request_error([] { (void)parse_document("<:a/>"); }).status() == 400);
    CHECK(request_error([] { (void)parse_document("<a b:c:d='1' xmlns:b='urn:b'/>"); }).status() == 400);
    CHECK_NOTHROW(parse_document("<a b:c='1' xmlns:b='urn:b'/>"));
}
