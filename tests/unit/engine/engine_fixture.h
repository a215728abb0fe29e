#pragma once
// Engine tests: an Engine over a SqliteStore in a temporary directory with users alice and bob,
// requests built by hand, and multistatus / DAV:error bodies read back with pugixml through the
// engine's own namespace resolution (caldav/xml/qname.h), never by prefix.
#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pugixml.hpp>

#include "caldav/engine/engine.h"
#include "caldav/xml/qname.h"
#include "gateway/store/sqlite_store.h"
#include "unit/store/store_fixture.h"

namespace calbridge::caldav::testing {

using xml::QName;

inline const std::string kAliceHome = "/dav/calendars/alice/";
inline const std::string kAliceCal = "/dav/calendars/alice/calendar/";
inline const std::string kOrigin = "http://127.0.0.1:5232";

// One request to an engine, as the gateway hands it over (user already authenticated).
inline Response send_request(Engine& engine, std::string method, std::string target, std::string body = {},
                             std::vector<std::pair<std::string, std::string>> headers = {},
                             std::optional<std::string> user = std::string("alice")) {
    Request r;
    r.method = std::move(method);
    r.target = std::move(target);
    r.body = std::move(body);
    for (auto& [n, v] : headers) r.headers.add(n, v);
    r.user = std::move(user);
    r.origin = kOrigin;
    return engine.handle(r);
}

struct EngineFixture {
    store::testing::TempDir dir;
    store::SqliteStore store{dir.file()};
    Engine engine{store, options()};

    static EngineOptions options() {
        EngineOptions o;
        o.max_resource_size = 64 * 1024;
        return o;
    }

    EngineFixture() {
        store.add_user("alice", "Alice Example", "alice@example.org", "hash");
        store.add_user("bob", "Bob", "bob@example.org", "hash");
        CollectionPatch props;
        props.display_name = "Calendar";
        REQUIRE(store.make_collection(kAliceCal, "alice", CollectionKind::calendar, props).status ==
                WriteStatus::created);
        CollectionPatch bob;
        bob.display_name = "Bob's";
        REQUIRE(store.make_collection("/dav/calendars/bob/calendar/", "bob", CollectionKind::calendar, bob).status ==
                WriteStatus::created);
    }

    Response send(std::string method, std::string target, std::string body = {},
                  std::vector<std::pair<std::string, std::string>> headers = {},
                  std::optional<std::string> user = std::string("alice")) {
        return send_request(engine, std::move(method), std::move(target), std::move(body), std::move(headers),
                            std::move(user));
    }

    Response propfind(const std::string& target, const std::string& depth, const std::string& body = {}) {
        return send("PROPFIND", target, body, {{"Depth", depth}});
    }
};

// --- reading response bodies ---

inline pugi::xml_node child(pugi::xml_node parent, const QName& name) {
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling())
        if (c.type() == pugi::node_element && xml::qname_of(c) == name) return c;
    return {};
}

inline std::vector<pugi::xml_node> children(pugi::xml_node parent, const QName& name) {
    std::vector<pugi::xml_node> out;
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling())
        if (c.type() == pugi::node_element && xml::qname_of(c) == name) out.push_back(c);
    return out;
}

inline std::vector<QName> child_names(pugi::xml_node parent) {
    std::vector<QName> out;
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling())
        if (c.type() == pugi::node_element) out.push_back(xml::qname_of(c));
    return out;
}

// "HTTP/1.1 404 Not Found" -> 404
inline int status_code(pugi::xml_node status) {
    const std::string text = status.text().as_string();
    const auto space = text.find(' ');
    return space == std::string::npos ? -1 : std::stoi(text.substr(space + 1, 3));
}

struct PropStat {
    int status = 0;
    pugi::xml_node prop;
    pugi::xml_node error;
};

struct DavResponse {
    std::string href;
    int status = 0;   // a response without propstat
    std::vector<PropStat> propstats;
    pugi::xml_node error;

    // The property element with that name in the propstat of `wanted` status, or empty.
    pugi::xml_node prop(const QName& name, int wanted = 200) const {
        for (const auto& ps : propstats)
            if (ps.status == wanted)
                if (auto p = child(ps.prop, name)) return p;
        return {};
    }
    // The status of the propstat that holds the property, 0 when none does.
    int status_of(const QName& name) const {
        for (const auto& ps : propstats)
            if (child(ps.prop, name)) return ps.status;
        return 0;
    }
};

struct Multistatus {
    pugi::xml_document doc;
    std::vector<DavResponse> responses;
    std::string sync_token;

    const DavResponse* find(const std::string& href) const {
        for (const auto& r : responses)
            if (r.href == href) return &r;
        return nullptr;
    }
};

inline std::unique_ptr<Multistatus> parse_multistatus(const Response& response) {
    REQUIRE(response.status == 207);
    auto ms = std::make_unique<Multistatus>();
    const auto ok = ms->doc.load_buffer(response.body.data(), response.body.size());
    INFO(response.body);
    REQUIRE(ok);
    const pugi::xml_node root = ms->doc.document_element();
    REQUIRE(xml::qname_of(root) == xml::dav("multistatus"));
    for (pugi::xml_node r : children(root, xml::dav("response"))) {
        DavResponse d;
        d.href = child(r, xml::dav("href")).text().as_string();
        if (auto s = child(r, xml::dav("status"))) d.status = status_code(s);
        for (pugi::xml_node ps : children(r, xml::dav("propstat")))
            d.propstats.push_back({status_code(child(ps, xml::dav("status"))), child(ps, xml::dav("prop")),
                                   child(ps, xml::dav("error"))});
        d.error = child(r, xml::dav("error"));
        ms->responses.push_back(std::move(d));
    }
    if (auto t = child(root, xml::dav("sync-token"))) ms->sync_token = t.text().as_string();
    return ms;
}

// The precondition element of a DAV:error body (RFC 4918 16), e.g. {CALDAV:}no-uid-conflict.
inline QName error_condition(const Response& response, pugi::xml_document& doc) {
    INFO(response.body);
    REQUIRE(doc.load_buffer(response.body.data(), response.body.size()));
    const pugi::xml_node root = doc.document_element();
    REQUIRE(xml::qname_of(root) == xml::dav("error"));
    const auto names = child_names(root);
    REQUIRE(names.size() == 1);
    return names.front();
}

inline QName error_condition(const Response& response) {
    pugi::xml_document doc;
    return error_condition(response, doc);
}

inline std::string propfind_body(const std::vector<QName>& names) {
    std::string body = R"(<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:" )"
                       R"(xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CS="http://calendarserver.org/ns/" )"
                       R"(xmlns:I="http://apple.com/ns/ical/"><D:prop>)";
    for (const auto& n : names) body += "<x:" + n.name + " xmlns:x=\"" + n.ns + "\"/>";
    body += "</D:prop></D:propfind>";
    return body;
}

inline std::string event_ics(const std::string& uid, const std::string& summary = "Meeting",
                             const std::string& start = "20240105T100000Z") {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:" + uid +
           "\r\nDTSTAMP:20240101T000000Z\r\nDTSTART:" + start + "\r\nDURATION:PT1H\r\nSUMMARY:" + summary +
           "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
}

inline std::string header(const Response& r, std::string_view name) {
    const auto v = r.headers.get(name);
    return v ? std::string(*v) : std::string();
}

}  // namespace calbridge::caldav::testing
