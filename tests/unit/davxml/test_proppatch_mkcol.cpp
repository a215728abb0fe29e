// PROPPATCH (RFC 4918 9.2), extended MKCOL (RFC 5689) and MKCALENDAR (RFC 4791 5.3.1) bodies, and
// the standalone serialisation of dead properties.
#include <catch2/catch.hpp>

#include <pugixml.hpp>

#include "caldav/xml/mkcol.h"
#include "caldav/xml/proppatch.h"
#include "davxml_support.h"

using namespace calbridge::caldav::xml;
using davxml_test::request_error;
using Op = PropertyInstruction::Op;

namespace {

// Parses a standalone property serialisation on its own, as a store would hand it back.
QName reparsed_name(const std::string& xml) {
    const Document d = parse_document(xml);
    return d.root_name();
}

}  // namespace

TEST_CASE("RFC 4918 9.2.2: set and remove in document order", "[davxml][proppatch]") {
    const auto r = parse_proppatch(R"(<?xml version="1.0" encoding="utf-8" ?>
<D:propertyupdate xmlns:D="DAV:" xmlns:Z="http://ns.example.com/standards/z39.50/">
  <D:set>
    <D:prop>
      <Z:Authors>
        <Z:Author>Jim Whitehead</Z:Author>
        <Z:Author>Roy Fielding</Z:Author>
      </Z:Authors>
    </D:prop>
  </D:set>
  <D:remove>
    <D:prop><Z:Copyright-Owner/></D:prop>
  </D:remove>
</D:propertyupdate>)");
    const std::string z = "http://ns.example.com/standards/z39.50/";
    REQUIRE(r.instructions.size() == 2);
    CHECK(r.instructions[0].op == Op::set);
    CHECK(r.instructions[0].prop.name == QName{z, "Authors"});
    CHECK(r.instructions[1].op == Op::remove);
    CHECK(r.instructions[1].prop.name == QName{z, "Copyright-Owner"});

    // The dead property is standalone: Z declared on it, children and whitespace kept.
    const std::string& xml = r.instructions[0].prop.xml;
    CHECK(xml.rfind("<Z:Authors xmlns:Z=\"http://ns.example.com/standards/z39.50/\">", 0) == 0);
    const Document back = parse_document(xml);
    CHECK(back.root_name() == QName{z, "Authors"});
    int authors = 0;
    for (pugi::xml_node c = back.root().first_child(); c; c = c.next_sibling()) {
        if (c.type() == pugi::node_element) {
            CHECK(qname_of(c) == QName{z, "Author"});
            ++authors;
        }
    }
    CHECK(authors == 2);
    CHECK(text_of(back.root().first_element_by_path("Z:Author")) == "Jim Whitehead");
    CHECK(r.instructions[0].prop.child_names.size() == 2);
}

TEST_CASE("instructions interleave and keep their order", "[davxml][proppatch]") {
    const auto r = parse_proppatch(R"(<D:propertyupdate xmlns:D="DAV:" xmlns:x="urn:x">
  <D:set><D:prop><x:a>1</x:a><x:b>2</x:b></D:prop></D:set>
  <D:remove><D:prop><x:a/></D:prop></D:remove>
  <D:set><D:prop><x:a>3</x:a></D:prop></D:set>
</D:propertyupdate>)");
    REQUIRE(r.instructions.size() == 4);
    CHECK((r.instructions[0].op == Op::set && r.instructions[0].prop.text == "1"));
    CHECK((r.instructions[1].op == Op::set && r.instructions[1].prop.name.name == "b"));
    CHECK((r.instructions[2].op == Op::remove && r.instructions[2].prop.name == QName{"urn:x", "a"}));
    CHECK((r.instructions[3].op == Op::set && r.instructions[3].prop.text == "3"));
}

TEST_CASE("live property values: Apple calendar-color/order, displayname, CDATA timezone", "[davxml][proppatch][clients]") {
    const auto r = parse_proppatch(R"(<?xml version="1.0" encoding="UTF-8"?>
<A:propertyupdate xmlns:A="DAV:">
  <A:set>
    <A:prop>
      <B:calendar-color xmlns:B="http://apple.com/ns/ical/" symbolic-color="custom">#FF2968FF</B:calendar-color>
      <B:calendar-order xmlns:B="http://apple.com/ns/ical/">3</B:calendar-order>
      <A:displayname>Work &amp; Play</A:displayname>
      <C:calendar-timezone xmlns:C="urn:ietf:params:xml:ns:caldav"><![CDATA[BEGIN:VCALENDAR
END:VCALENDAR
]]></C:calendar-timezone>
    </A:prop>
  </A:set>
</A:propertyupdate>)");
    REQUIRE(r.instructions.size() == 4);
    CHECK(r.instructions[0].prop.name == apple("calendar-color"));
    CHECK(r.instructions[0].prop.text == "#FF2968FF");
    CHECK(r.instructions[1].prop.text == "3");
    CHECK(r.instructions[2].prop.name == dav("displayname"));
    CHECK(r.instructions[2].prop.text == "Work & Play");
    CHECK(r.instructions[2].prop.xml == "<A:displayname xmlns:A=\"DAV:\">Work &amp; Play</A:displayname>");
    CHECK(r.instructions[3].prop.text == "BEGIN:VCALENDAR\nEND:VCALENDAR\n");
    // Attributes survive in the dead-property form.
    CHECK_THAT(r.instructions[0].prop.xml, Catch::Contains("symbolic-color=\"custom\""));
}

TEST_CASE("dead properties with default and nested namespaces stay well-formed alone", "[davxml][proppatch]") {
    // litmus props "propvalnspace": a value holding an element in another default namespace;
    // "propnullns": a property in no namespace while the container has a default namespace.
    const auto r = parse_proppatch(R"(<propertyupdate xmlns="DAV:" xmlns:t="http://example.com/neon/litmus/">
  <set><prop>
    <t:valnspace><foo xmlns="bar"/></t:valnspace>
    <nonamespace xmlns="">randomvalue</nonamespace>
    <t:attr t:kind="x" xml:lang="en">value</t:attr>
    <inherits>from DAV default</inherits>
  </prop></set>
</propertyupdate>)");
    REQUIRE(r.instructions.size() == 4);
    const PropertyValue& valnspace = r.instructions[0].prop;
    const PropertyValue& nullns = r.instructions[1].prop;
    const PropertyValue& attr = r.instructions[2].prop;
    const PropertyValue& inherits = r.instructions[3].prop;

    CHECK(valnspace.name == QName{"http://example.com/neon/litmus/", "valnspace"});
    CHECK(reparsed_name(valnspace.xml) == valnspace.name);
    const Document v = parse_document(valnspace.xml);
    CHECK(qname_of(v.root().child("foo")) == QName{"bar", "foo"});

    CHECK(nullns.name == QName{"", "nonamespace"});
    CHECK(reparsed_name(nullns.xml) == QName{"", "nonamespace"});
    CHECK(nullns.xml == "<nonamespace xmlns=\"\">randomvalue</nonamespace>");

    CHECK(reparsed_name(attr.xml) == attr.name);
    CHECK_THAT(attr.xml, Catch::Contains("xmlns:t=\"http://example.com/neon/litmus/\""));
    CHECK_THAT(attr.xml, Catch::Contains("xml:lang=\"en\""));

    // Unprefixed and in the inherited default namespace: xmlns="DAV:" must be carried along.
    CHECK(inherits.name == dav("inherits"));
    CHECK(reparsed_name(inherits.xml) == dav("inherits"));

    // Embedded inside a container with a different default namespace, names stay the same.
    const std::string wrapped = "<w xmlns=\"urn:wrapper\">" + nullns.xml + inherits.xml + "</w>";
    const Document w = parse_document(wrapped);
    CHECK(qname_of(w.root().child("nonamespace")) == QName{"", "nonamespace"});
    CHECK(qname_of(w.root().child("inherits")) == dav("inherits"));
}

TEST_CASE("special characters and unicode in dead property values round-trip", "[davxml][proppatch]") {
    // litmus props "prophighunicode" sets a value with a character outside the BMP.
    const auto r = parse_proppatch("<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop>"
                                   "<x:p xmlns:x=\"urn:x\" a=\"&quot;q&quot; &lt;&amp;\">&lt;tag&gt; &amp; \xF0\x90\x80\x80 \"'</x:p>"
                                   "</D:prop></D:set></D:propertyupdate>");
    const PropertyValue& p = r.instructions.at(0).prop;
    CHECK(p.text == "<tag> & \xF0\x90\x80\x80 \"'");
    const Document back = parse_document(p.xml);
    CHECK(text_of(back.root()) == p.text);
    CHECK(std::string(back.root().attribute("a").value()) == "\"q\" <&");
}

TEST_CASE("PROPPATCH bodies that are wrong", "[davxml][proppatch]") {
    CHECK(request_error([] { (void)parse_proppatch(""); }).status() == 400);
    CHECK(request_error([] { (void)parse_proppatch("<D:propertyupdate xmlns:D=\"DAV:\"/>"); }).status() == 400);
    CHECK(request_error([] { (void)parse_proppatch("<D:propfind xmlns:D=\"DAV:\"><D:allprop/></D:propfind>"); }).status() == 400);
}

TEST_CASE("RFC 4791 5.3.1.2: MKCALENDAR with properties", "[davxml][mkcol]") {
    const auto r = parse_mkcalendar(R"(<?xml version="1.0" encoding="utf-8" ?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:set>
    <D:prop>
      <D:displayname>Lisa's Events</D:displayname>
      <C:calendar-description xml:lang="en">Calendar restricted to events.</C:calendar-description>
      <C:supported-calendar-component-set>
        <C:comp name="VEVENT"/>
      </C:supported-calendar-component-set>
      <C:calendar-timezone><![CDATA[BEGIN:VCALENDAR
PRODID:-//Example Corp.//CalDAV Client//EN
VERSION:2.0
BEGIN:VTIMEZONE
TZID:US-Eastern
END:VTIMEZONE
END:VCALENDAR
]]></C:calendar-timezone>
    </D:prop>
  </D:set>
</C:mkcalendar>)");
    CHECK_FALSE(r.has_resourcetype);
    REQUIRE(r.set.size() == 4);
    CHECK(r.set[0].name == dav("displayname"));
    CHECK(r.set[0].text == "Lisa's Events");
    CHECK(r.set[1].name == caldav_name("calendar-description"));
    CHECK(r.set[1].text == "Calendar restricted to events.");
    CHECK(r.set[2].name == caldav_name("supported-calendar-component-set"));
    CHECK(r.set[2].components == std::vector<std::string>{"VEVENT"});
    CHECK_THAT(r.set[3].text, Catch::StartsWith("BEGIN:VCALENDAR\nPRODID:") && Catch::Contains("TZID:US-Eastern"));
}

TEST_CASE("MKCALENDAR from tsdav and an empty one", "[davxml][mkcol][clients]") {
    const auto r = parse_mkcalendar(R"(<?xml version="1.0" encoding="UTF-8"?><c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:ca="http://apple.com/ns/ical/"><d:set><d:prop><d:displayname>tsdav test</d:displayname><c:supported-calendar-component-set><c:comp name="VEVENT"/><c:comp name="VTODO"/></c:supported-calendar-component-set><ca:calendar-color>#3A87AD</ca:calendar-color></d:prop></d:set></c:mkcalendar>)");
    REQUIRE(r.set.size() == 3);
    CHECK(r.set[1].components == std::vector<std::string>{"VEVENT", "VTODO"});
    CHECK(r.set[2].name == apple("calendar-color"));
    CHECK(r.set[2].text == "#3A87AD");
    CHECK(parse_mkcalendar("").set.empty());
    CHECK(request_error([] { (void)parse_mkcalendar("<D:mkcol xmlns:D=\"DAV:\"/>"); }).status() == 400);
}

TEST_CASE("RFC 5689 5.1: extended MKCOL with resourcetype", "[davxml][mkcol]") {
    const auto r = parse_mkcol(R"(<?xml version="1.0" encoding="utf-8" ?>
<D:mkcol xmlns:D="DAV:" xmlns:E="http://example.com/ns/">
  <D:set>
    <D:prop>
      <D:resourcetype>
        <D:collection/>
        <E:special-resource/>
      </D:resourcetype>
      <D:displayname>Special Resource</D:displayname>
    </D:prop>
  </D:set>
</D:mkcol>)");
    CHECK(r.has_resourcetype);
    REQUIRE(r.resourcetype.size() == 2);
    CHECK(r.resourcetype[0] == dav("collection"));
    CHECK(r.resourcetype[1] == QName{"http://example.com/ns/", "special-resource"});
    REQUIRE(r.set.size() == 1);
    CHECK(r.set[0].text == "Special Resource");
}

TEST_CASE("extended MKCOL creating a calendar, wrong bodies", "[davxml][mkcol]") {
    const auto r = parse_mkcol(R"(<mkcol xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><set><prop><resourcetype><collection/><C:calendar/></resourcetype><C:supported-calendar-component-set><C:comp name="VTODO"/></C:supported-calendar-component-set></prop></set></mkcol>)");
    CHECK(r.resourcetype == std::vector<QName>{dav("collection"), caldav_name("calendar")});
    REQUIRE(r.set.size() == 1);
    CHECK(r.set[0].components == std::vector<std::string>{"VTODO"});
    CHECK(parse_mkcol("  ").set.empty());
    CHECK(request_error([] {
              (void)parse_mkcol("<D:mkcol xmlns:D=\"DAV:\"><D:remove><D:prop><D:displayname/></D:prop></D:remove></D:mkcol>");
          }).status() == 400);
    CHECK(request_error([] {
              (void)parse_mkcol("<D:mkcol xmlns:D=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\"><D:set><D:prop>"
                                "<C:supported-calendar-component-set><C:comp/></C:supported-calendar-component-set>"
                                "</D:prop></D:set></D:mkcol>");
          }).status() == 400);
}
