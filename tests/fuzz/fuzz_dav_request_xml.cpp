// libFuzzer target for the request XML edge of the CalDAV engine (caldav/xml): every request
// parser, the standalone re-serialisation of dead properties, the response writer and href
// encoding. Parsers may only fail with RequestError; whatever they accept must re-serialise to
// XML that parses again with the same names, and hrefs must round-trip.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "caldav/xml/href.h"
#include "caldav/xml/mkcol.h"
#include "caldav/xml/multistatus.h"
#include "caldav/xml/parse.h"
#include "caldav/xml/propfind.h"
#include "caldav/xml/proppatch.h"
#include "caldav/xml/report.h"
#include "caldav/xml/utf8.h"
#include "caldav/xml/writer.h"

using namespace calbridge::caldav::xml;

namespace {

void check(bool ok) {
    if (!ok) std::abort();
}

// A dead property's standalone form must parse on its own and name the same property.
void check_dead_property(const PropertyValue& p) {
    const Document d = parse_document(p.xml);
    check(d.root_name() == p.name);
}

template <class F>
void guarded(F&& f) {
    try {
        f();
    } catch (const RequestError&) {
        // Rejected input is the expected outcome for most bytes.
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);

    guarded([&] {
        const PropfindRequest r = parse_propfind(body);
        // Every accepted name must be writable into a response that parses again.
        MultistatusWriter ms;
        ms.begin_response("/fuzz/");
        ms.propstat_empty(r.select.props, 404);
        ms.end_response();
        (void)parse_document(ms.finish());
    });
    guarded([&] {
        for (const PropertyInstruction& i : parse_proppatch(body).instructions) {
            if (i.op == PropertyInstruction::Op::set) check_dead_property(i.prop);
        }
    });
    guarded([&] {
        for (const PropertyValue& p : parse_mkcol(body).set) check_dead_property(p);
    });
    guarded([&] {
        for (const PropertyValue& p : parse_mkcalendar(body).set) check_dead_property(p);
    });
    guarded([&] { (void)report_kind(body); });
    guarded([&] { (void)parse_report(body); });
    // Each report parser on its own, so a body is tried against all of them whatever its root.
    guarded([&] {
        const Document d = parse_document(body);
        guarded([&] { (void)parse_calendar_query(d.root()); });
        guarded([&] { (void)parse_calendar_multiget(d.root()); });
        guarded([&] { (void)parse_free_busy_query(d.root()); });
        guarded([&] { (void)parse_sync_collection(d.root()); });
        guarded([&] { (void)parse_expand_property(d.root()); });
        guarded([&] { (void)parse_acl_principal_prop_set(d.root()); });
        guarded([&] { (void)parse_principal_match(d.root()); });
        guarded([&] { (void)parse_principal_property_search(d.root()); });
        // The document element's text (valid XML characters, parse_document checked them),
        // written back out, parses to the same text.
        const std::string text = text_of(d.root());
        XmlWriter w;
        w.leaf(dav("displayname"), text);
        const Document back = parse_document(w.finish());
        check(text_of(back.root()) == text);
    });

    // Any bytes written as text or attribute must give well-formed XML.
    {
        XmlWriter w;
        w.open(dav("prop")).attr("a", body).text(body).close();
        try {
            (void)parse_document(w.finish());
        } catch (const RequestError&) {
            std::abort();
        }
    }

    // hrefs: decoding never crashes; an absolute UTF-8 path without NUL round-trips.
    (void)decode_href(body);
    if (!body.empty() && body[0] == '/' && body.find('\0') == std::string_view::npos && is_valid_utf8(body)) {
        check(decode_href(encode_href(body)) == std::optional<std::string>(std::string(body)));
    }
    return 0;
}
