#include "caldav/xml/sync_collection.h"

#include <charconv>

namespace calbridge::caldav::xml {

SyncCollection parse_sync_collection(pugi::xml_node root) {
    expect_root(root, kDav, "sync-collection");
    SyncCollection s;
    const pugi::xml_node token = child_element(root, kDav, "sync-token");
    // RFC 6578 6.1 requires the element; an empty one asks for the initial sync (3.2).
    if (!token) bad_request("DAV:sync-collection needs a DAV:sync-token element (empty for an initial sync, RFC 6578 6.1)");
    s.sync_token = trimmed_text_of(token);
    if (const pugi::xml_node level = child_element(root, kDav, "sync-level")) {
        const std::string v = trimmed_text_of(level);
        if (v == "1") s.level = SyncCollection::Level::one;
        else if (v == "infinite" || v == "infinity") s.level = SyncCollection::Level::infinite;
        else bad_request("DAV:sync-level \"" + v + "\" is neither 1 nor infinite (RFC 6578 6.3)");
    }
    if (const pugi::xml_node limit = child_element(root, kDav, "limit")) {   // RFC 5323 5.17
        const pugi::xml_node nresults = child_element(limit, kDav, "nresults");
        if (!nresults) bad_request("DAV:limit needs a DAV:nresults element (RFC 5323 5.17)");
        const std::string v = trimmed_text_of(nresults);
        std::size_t n = 0;
        const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        if (ec != std::errc{} || end != v.data() + v.size() || n == 0)
            bad_request("DAV:nresults \"" + v + "\" is not a positive integer");
        s.limit = n;
    }
    s.select = parse_prop_selection(root, false);
    if (s.select.kind != PropSelection::Kind::prop && !child_element(root, kDav, "allprop") &&
        !child_element(root, kDav, "propname")) {
        s.select.kind = PropSelection::Kind::prop;   // RFC 6578 6.1: DAV:prop; none given = no properties
    }
    return s;
}

SyncCollection parse_sync_collection(std::string_view body, const ParseLimits& limits) {
    const Document doc = parse_document(body, limits);
    return parse_sync_collection(doc.root());
}

}  // namespace calbridge::caldav::xml
