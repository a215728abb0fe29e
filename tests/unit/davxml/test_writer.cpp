// Response bodies (caldav/xml/writer.h, multistatus.h) read back with pugixml, and hrefs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "caldav/xml/href.h"
#include "caldav/xml/multistatus.h"
#include "caldav/xml/parse.h"
#include "caldav/xml/proppatch.h"
#include "caldav/xml/writer.h"

using namespace calbridge::caldav::xml;

namespace {

// Every element child (any namespace) of e.
std::vector<pugi::xml_node> elements(pugi::xml_node e) {
    std::vector<pugi::xml_node> out;
    for (pugi::xml_node c = e.first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_element) out.push_back(c);
    }
    return out;
}

}  // namespace

TEST_CASE("multistatus: responses, propstats, status, error, sync-token", "[davxml][writer]") {
    MultistatusWriter ms;
    ms.begin_response("/dav/calendars/alice/work/");
    XmlWriter& w = ms.begin_propstat();
    w.leaf(dav("displayname"), "Work & <Home> \"quoted\"");
    w.open(dav("resourcetype")).empty(dav("collection")).empty(caldav_name("calendar")).close();
    w.leaf(cs("getctag"), "ctag-1");
    w.leaf(apple("calendar-color"), "#FF0000");
    w.leaf(QName{"urn:example:custom", "x"}, "custom");
    w.leaf(QName{"", "nonamespace"}, "none");
    ms.end_propstat(200);
    const std::vector<QName> missing{caldav_name("calendar-timezone"), QName{"urn:other", "gone"}};
    ms.propstat_empty(missing, 404);
    ms.end_response();
    ms.response_status("/dav/calendars/alice/work/deleted event.ics", 404);
    ms.begin_response("/dav/calendars/alice/work/");
    ms.status(507);
    ms.error(dav("number-of-matches-within-limits"));
    ms.description("truncated");
    ms.end_response();
    ms.sync_token("https://calbridge/sync/12");
    const std::string body = ms.finish();

    CHECK(body.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>", 0) == 0);
    const Document d = parse_document(body);   // well-formed, namespace-well-formed
    const pugi::xml_node root = d.root();
    CHECK(qname_of(root) == dav("multistatus"));
    const auto kids = elements(root);
    REQUIRE(kids.size() == 4);
    CHECK(qname_of(kids[0]) == dav("response"));
    CHECK(qname_of(kids[3]) == dav("sync-token"));
    CHECK(text_of(kids[3]) == "https://calbridge/sync/12");

    const auto r0 = elements(kids[0]);
    REQUIRE(r0.size() == 3);
    CHECK(text_of(r0[0]) == "/dav/calendars/alice/work/");
    const auto props = elements(elements(r0[1])[0]);
    REQUIRE(props.size() == 6);
    CHECK(qname_of(props[0]) == dav("displayname"));
    CHECK(text_of(props[0]) == "Work & <Home> \"quoted\"");
    const auto rt = elements(props[1]);
    REQUIRE(rt.size() == 2);
    CHECK(qname_of(rt[0]) == dav("collection"));
    CHECK(qname_of(rt[1]) == caldav_name("calendar"));
    CHECK(qname_of(props[2]) == cs("getctag"));
    CHECK(qname_of(props[3]) == apple("calendar-color"));
    CHECK(qname_of(props[4]) == QName{"urn:example:custom", "x"});
    CHECK(qname_of(props[5]) == QName{"", "nonamespace"});
    CHECK(text_of(elements(r0[1])[1]) == "HTTP/1.1 200 OK");
    const auto ps404 = elements(r0[2]);
    CHECK(text_of(ps404[1]) == "HTTP/1.1 404 Not Found");
    const auto missing_props = elements(ps404[0]);
    REQUIRE(missing_props.size() == 2);
    CHECK(qname_of(missing_props[1]) == QName{"urn:other", "gone"});

    const auto r1 = elements(kids[1]);
    CHECK(text_of(r1[0]) == "/dav/calendars/alice/work/deleted%20event.ics");
    CHECK(text_of(r1[1]) == "HTTP/1.1 404 Not Found");

    const auto r2 = elements(kids[2]);
    REQUIRE(r2.size() == 4);
    CHECK(text_of(r2[1]) == "HTTP/1.1 507 Insufficient Storage");
    CHECK(qname_of(elements(r2[2])[0]) == dav("number-of-matches-within-limits"));
    CHECK(qname_of(r2[3]) == dav("responsedescription"));

    // The four namespaces are declared once, on the root.
    CHECK(body.find("xmlns:D=\"DAV:\"") == body.rfind("xmlns:D=\"DAV:\""));
    CHECK(body.find("xmlns:C=") < body.find("<D:response>"));
}

TEST_CASE("dead properties are emitted verbatim and stay well-formed", "[davxml][writer]") {
    // Stored from a PROPPATCH that used prefixes clashing with the response's D and C.
    const auto patch = parse_proppatch(R"(<propertyupdate xmlns="DAV:" xmlns:D="urn:not-dav" xmlns:C="urn:not-caldav">
<set><prop>
  <D:author><C:name>Ann</C:name></D:author>
  <plain xmlns="">text</plain>
  <inherited-default>in DAV:</inherited-default>
</prop></set></propertyupdate>)");
    REQUIRE(patch.instructions.size() == 3);

    MultistatusWriter ms;
    ms.begin_response("/x");
    XmlWriter& w = ms.begin_propstat();
    w.leaf(dav("getetag"), "\"1\"");
    for (const auto& i : patch.instructions) w.raw(i.prop.xml);
    w.leaf(dav("displayname"), "after");
    ms.end_propstat(200);
    ms.end_response();
    const std::string body = ms.finish();

    const Document d = parse_document(body);
    const auto props = elements(d.root().first_element_by_path("D:response/D:propstat/D:prop"));
    REQUIRE(props.size() == 5);
    CHECK(qname_of(props[0]) == dav("getetag"));
    CHECK(qname_of(props[1]) == QName{"urn:not-dav", "author"});
    CHECK(qname_of(elements(props[1])[0]) == QName{"urn:not-caldav", "name"});
    CHECK(qname_of(props[2]) == QName{"", "plain"});
    CHECK(qname_of(props[3]) == dav("inherited-default"));
    // After the fragments, D: is DAV: again.
    CHECK(qname_of(props[4]) == dav("displayname"));
}

TEST_CASE("fragment writers compose into a document", "[davxml][writer]") {
    XmlWriter frag(XmlWriter::Mode::fragment);
    frag.open(caldav_name("supported-calendar-component-set"));
    frag.open(caldav_name("comp")).attr("name", "VEVENT").close();
    frag.open(caldav_name("comp")).attr("name", "V\"TODO&").close();
    frag.close();
    const std::string f = frag.finish();
    CHECK(f == "<C:supported-calendar-component-set><C:comp name=\"VEVENT\"/><C:comp name=\"V&quot;TODO&amp;\"/></C:supported-calendar-component-set>");

    XmlWriter doc;
    doc.open(dav("prop")).raw(f);
    const Document d = parse_document(doc.finish());
    const auto comps = elements(d.root().first_child());
    REQUIRE(comps.size() == 2);
    CHECK(std::string(comps[1].attribute("name").value()) == "V\"TODO&");
}

TEST_CASE("escaping keeps any text well-formed", "[davxml][writer]") {
    std::string out;
    append_escaped_text(out, "a&b<c>d\re");
    CHECK(out == "a&amp;b&lt;c&gt;d&#13;e");
    out.clear();
    append_escaped_attr(out, "\"\t\n<&'");
    CHECK(out == "&quot;&#9;&#10;&lt;&amp;'");
    out.clear();
    // C0 control, invalid UTF-8 (lone continuation byte, truncated sequence), U+FFFE: replaced.
    append_escaped_text(out, std::string("x\x01y\x80z\xE2\x82") + "\xEF\xBF\xBE");
    CHECK(out == "x\xEF\xBF\xBDy\xEF\xBF\xBDz\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    out.clear();
    append_escaped_text(out, "caf\xC3\xA9 \xF0\x9F\x93\x85 \t\n");   // valid UTF-8, tab, newline: unchanged
    CHECK(out == "caf\xC3\xA9 \xF0\x9F\x93\x85 \t\n");

    XmlWriter w;
    w.leaf(dav("displayname"), std::string("bad\x02\xFFname & more"));
    const Document d = parse_document(w.finish());
    CHECK(text_of(d.root()) == "bad\xEF\xBF\xBD\xEF\xBF\xBDname & more");
}

// The escaper looks at 8 bytes at a time; a reference that looks at one byte at a time must
// agree wherever a special byte falls inside or across a word.
TEST_CASE("word-at-a-time escaping matches a byte-by-byte reference at every offset", "[davxml][writer]") {
    auto reference = [](std::string_view s, bool attribute) {
        std::string out;
        for (char ch : s) {   // ASCII only here: UTF-8 handling is covered above
            switch (ch) {
                case '&': out += "&amp;"; break;
                case '<': out += "&lt;"; break;
                case '>': out += "&gt;"; break;
                case '\r': out += "&#13;"; break;
                case '"': out += attribute ? "&quot;" : "\""; break;
                case '\t': out += attribute ? "&#9;" : "\t"; break;
                case '\n': out += attribute ? "&#10;" : "\n"; break;
                default:
                    if (static_cast<unsigned char>(ch) < 0x20) out += "\xEF\xBF\xBD";
                    else out += ch;
            }
        }
        return out;
    };
    const std::string specials = "&<>\r\n\t\"\x01\x1f\x7f ";
    for (char special : specials) {
        for (std::size_t length = 1; length <= 20; ++length) {
            for (std::size_t at = 0; at < length; ++at) {
                std::string s(length, 'a');
                s[at] = special;
                for (bool attribute : {false, true}) {
                    std::string out;
                    if (attribute) append_escaped_attr(out, s);
                    else append_escaped_text(out, s);
                    INFO("special " << int(special) << " at " << at << " of " << length << " attribute " << attribute);
                    CHECK(out == reference(s, attribute));
                }
            }
        }
    }
}

TEST_CASE("the writer refuses names that would break the markup", "[davxml][writer]") {
    XmlWriter w;
    CHECK_THROWS_AS(w.open(QName{"urn:x", "a b"}), std::invalid_argument);
    CHECK_THROWS_AS(w.open(QName{"urn:x", ""}), std::invalid_argument);
    CHECK_THROWS_AS(w.open(QName{"urn:x", "a<b"}), std::invalid_argument);
}

TEST_CASE("error bodies (RFC 4918 16, RFC 4791 1.3)", "[davxml][writer]") {
    const std::vector<std::string> hrefs{"/dav/calendars/bob/home/existing event.ics"};
    const std::string body = error_body(caldav_name("no-uid-conflict"), hrefs);
    const Document d = parse_document(body);
    CHECK(qname_of(d.root()) == dav("error"));
    const auto conds = elements(d.root());
    REQUIRE(conds.size() == 1);
    CHECK(qname_of(conds[0]) == caldav_name("no-uid-conflict"));
    const auto h = elements(conds[0]);
    REQUIRE(h.size() == 1);
    CHECK(qname_of(h[0]) == dav("href"));
    CHECK(text_of(h[0]) == "/dav/calendars/bob/home/existing%20event.ics");

    const RequestError e(403, "bad token", dav("valid-sync-token"));
    const Document d2 = parse_document(error_body(e));
    CHECK(qname_of(d2.root().first_child()) == dav("valid-sync-token"));
    CHECK(error_body(RequestError(400, "malformed")).empty());
}

TEST_CASE("status lines", "[davxml][writer]") {
    CHECK(status_line(200) == "HTTP/1.1 200 OK");
    CHECK(status_line(207) == "HTTP/1.1 207 Multi-Status");
    CHECK(status_line(403) == "HTTP/1.1 403 Forbidden");
    CHECK(status_line(424) == "HTTP/1.1 424 Failed Dependency");
    CHECK(status_line(599).rfind("HTTP/1.1 599 ", 0) == 0);
    CHECK(status_line(42) == "HTTP/1.1 500 Internal Server Error");
}

TEST_CASE("encode_href percent-encodes per RFC 3986 and round-trips", "[davxml][href]") {
    CHECK(encode_href("/dav/calendars/alice/work/") == "/dav/calendars/alice/work/");
    CHECK(encode_href("/a b/100%/x#y?z") == "/a%20b/100%25/x%23y%3Fz");
    CHECK(encode_href("/caf\xC3\xA9/\xF0\x9F\x93\x85.ics") == "/caf%C3%A9/%F0%9F%93%85.ics");
    CHECK(encode_href("/a+b&c;d=e,f") == "/a%2Bb%26c%3Bd%3De%2Cf");
    CHECK(encode_href("/user@example.com/a:b/(1)~_.-") == "/user@example.com/a:b/(1)~_.-");
    CHECK(encode_href("/<\">") == "/%3C%22%3E");

    for (const std::string path : {"/a b/c", "/100%/50% off", "/caf\xC3\xA9/\xE6\x97\xA5\xE6\x9C\xAC.ics", "/x#y/z?q=1",
                                   "/odd&name+plus;semi", "/\xF0\x9F\x93\x85 cal/", "/%2F/"}) {
        INFO(path);
        const std::string encoded = encode_href(path);
        CHECK(std::none_of(encoded.begin(), encoded.end(), [](char c) {
            return c == ' ' || c == '#' || c == '?' || static_cast<unsigned char>(c) >= 0x80;
        }));
        CHECK(decode_href(encoded) == std::optional<std::string>(path));
    }
}

TEST_CASE("decode_href handles absolute URLs, queries and bad escapes", "[davxml][href]") {
    CHECK(decode_href("https://cal.example.com:8443/dav/a%20b.ics") == std::optional<std::string>("/dav/a b.ics"));
    CHECK(decode_href("http://host") == std::optional<std::string>("/"));
    CHECK(decode_href("/dav/x.ics?export#frag") == std::optional<std::string>("/dav/x.ics"));
    CHECK(decode_href("/a%2fb") == std::optional<std::string>("/a/b"));
    CHECK(decode_href("/a%c3%a9") == std::optional<std::string>("/a\xC3\xA9"));
    CHECK_FALSE(decode_href("/a%2"));
    CHECK_FALSE(decode_href("/a%zz"));
    CHECK_FALSE(decode_href("/a%00b"));
    CHECK_FALSE(decode_href("/a%FF"));        // not UTF-8
    CHECK_FALSE(decode_href(""));
    CHECK_FALSE(decode_href("?only=query"));
}
