// QName and namespace resolution over pugixml: caldav/xml/qname.h.
#include <catch2/catch.hpp>

#include <pugixml.hpp>
#include <unordered_set>

#include "caldav/xml/parse.h"
#include "caldav/xml/qname.h"
#include "davxml_support.h"

using namespace calbridge::caldav::xml;

TEST_CASE("QName compares, orders and hashes by namespace and name", "[davxml][qname]") {
    CHECK(dav("prop") == QName{"DAV:", "prop"});
    CHECK(dav("prop") != caldav_name("prop"));
    CHECK(QName{"a", "z"} < QName{"b", "a"});
    CHECK(QName{"a", "a"} < QName{"a", "b"});
    std::unordered_set<QName> set{dav("getetag"), cs("getctag"), apple("calendar-color")};
    CHECK(set.count(QName{std::string(kCalendarServer), "getctag"}) == 1);
    CHECK(set.count(QName{std::string(kDav), "getctag"}) == 0);
    CHECK(dav("href").clark() == "{DAV:}href");
}

TEST_CASE("prefixes resolve through ancestors, defaults and re-declarations", "[davxml][qname]") {
    const Document d = parse_document(
        "<x:root xmlns:x='DAV:' xmlns='urn:default'>"
        "  <plain/>"
        "  <x:kid><y:deep xmlns:y='urn:y'><inner/></y:deep></x:kid>"
        "  <none xmlns=''><leaf/></none>"
        "  <x:shadow xmlns:x='urn:other'/>"
        "</x:root>");
    const pugi::xml_node root = d.root();
    CHECK(qname_of(root) == dav("root"));
    CHECK(qname_of(root.child("plain")) == QName{"urn:default", "plain"});
    const pugi::xml_node deep = root.child("x:kid").child("y:deep");
    CHECK(qname_of(deep) == QName{"urn:y", "deep"});
    CHECK(qname_of(deep.child("inner")) == QName{"urn:default", "inner"});
    CHECK(qname_of(root.child("none").child("leaf")) == QName{"", "leaf"});
    CHECK(qname_of(root.child("x:shadow")) == QName{"urn:other", "shadow"});
    CHECK(is_element(root.child("x:kid"), kDav, "kid"));
    CHECK_FALSE(is_element(root.child("x:shadow"), kDav, "shadow"));
    CHECK(namespace_for_prefix(deep, "x") == std::optional<std::string>("DAV:"));
    CHECK_FALSE(namespace_for_prefix(deep, "nope").has_value());
    CHECK(namespace_for_prefix(deep, "xml") == std::optional<std::string>("http://www.w3.org/XML/1998/namespace"));
}

TEST_CASE("no default namespace means the empty namespace", "[davxml][qname]") {
    const Document d = parse_document("<propfind><prop/></propfind>");
    CHECK(qname_of(d.root()) == QName{"", "propfind"});
    CHECK_FALSE(is_element(d.root(), kDav, "propfind"));
}

TEST_CASE("qname_of on an unchecked document reports an undeclared prefix as 400", "[davxml][qname]") {
    pugi::xml_document doc;
    REQUIRE(doc.load_string("<q:a/>"));
    const RequestError e = davxml_test::request_error([&] { (void)qname_of(doc.document_element()); });
    CHECK(e.status() == 400);
}

TEST_CASE("local and prefix parts of raw names", "[davxml][qname]") {
    CHECK(local_part("D:href") == "href");
    CHECK(prefix_part("D:href") == "D");
    CHECK(local_part("href") == "href");
    CHECK(prefix_part("href").empty());
}
