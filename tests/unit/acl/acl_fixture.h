#pragma once
// Sharing and access control through the Engine (issue 6): alice owns the calendar "work" with
// the event e1.ics; rita holds read-write, reed read, fred freebusy, nina nothing. Every user
// also has an own calendar "calendar" (the target of MOVE). Grantees address the shared calendar
// through their mount /dav/calendars/<grantee>/shared-alice-work/; alice and nina through its
// own path.
#include "unit/engine/engine_fixture.h"

namespace calbridge::caldav::testing {

inline const std::string kWork = "/dav/calendars/alice/work/";
inline const std::string kE1 = kWork + "e1.ics";

enum class Role { owner, read_write, read, freebusy, none, anonymous };

inline const char* role_name(Role r) {
    switch (r) {
        case Role::owner: return "owner";
        case Role::read_write: return "read-write";
        case Role::read: return "read";
        case Role::freebusy: return "freebusy";
        case Role::none: return "none";
        case Role::anonymous: return "anonymous";
    }
    return "?";
}

inline std::optional<std::string> user_of(Role r) {
    switch (r) {
        case Role::owner: return "alice";
        case Role::read_write: return "rita";
        case Role::read: return "reed";
        case Role::freebusy: return "fred";
        case Role::none: return "nina";
        case Role::anonymous: return std::nullopt;
    }
    return std::nullopt;
}

inline std::string mount_of(const std::string& grantee) { return "/dav/calendars/" + grantee + "/shared-alice-work/"; }

// Where a role addresses alice's calendar.
inline std::string calendar_for(Role r) {
    if (r == Role::read_write || r == Role::read || r == Role::freebusy) return mount_of(*user_of(r));
    return kWork;
}

struct AclFixture {
    store::testing::TempDir dir;
    store::SqliteStore store{dir.file()};
    Engine engine{store, EngineFixture::options()};
    std::string e1_etag;

    AclFixture() {
        for (const char* u : {"alice", "rita", "reed", "fred", "nina", "bob"}) {
            store.add_user(u, u, std::string(u) + "@example.org", "hash");
            REQUIRE(store.make_collection("/dav/calendars/" + std::string(u) + "/calendar/", u,
                                          CollectionKind::calendar, CollectionPatch{})
                        .status == WriteStatus::created);
        }
        CollectionPatch props;
        props.display_name = "Work";
        REQUIRE(store.make_collection(kWork, "alice", CollectionKind::calendar, props).status == WriteStatus::created);
        const Response put = send("PUT", kE1, event_ics("e1", "Secret board meeting"),
                                  {{"Content-Type", "text/calendar"}}, "alice");
        REQUIRE(put.status == 201);
        e1_etag = header(put, "ETag");
        REQUIRE(send("PUT", "/dav/calendars/bob/calendar/b1.ics", event_ics("b1", "Bob private"),
                      {{"Content-Type", "text/calendar"}}, "bob")
                    .status == 201);
        REQUIRE(store.share(kWork, "rita", Access::read_write).status == store::ShareStatus::granted);
        REQUIRE(store.share(kWork, "reed", Access::read).status == store::ShareStatus::granted);
        REQUIRE(store.share(kWork, "fred", Access::freebusy).status == store::ShareStatus::granted);
    }

    Response send(std::string method, std::string target, std::string body = {},
                  std::vector<std::pair<std::string, std::string>> headers = {},
                  std::optional<std::string> user = std::string("alice")) {
        return send_request(engine, std::move(method), std::move(target), std::move(body), std::move(headers),
                            std::move(user));
    }
};

// The (href, privilege) of a need-privileges body (RFC 3744 7.1.1), or empty strings.
struct NeedPrivilege {
    std::string href;
    QName privilege;
};

inline std::optional<NeedPrivilege> need_privilege(const Response& r) {
    pugi::xml_document doc;
    if (!doc.load_buffer(r.body.data(), r.body.size())) return std::nullopt;
    const pugi::xml_node root = doc.document_element();
    if (xml::qname_of(root) != xml::dav("error")) return std::nullopt;
    const pugi::xml_node need = child(root, xml::dav("need-privileges"));
    const pugi::xml_node resource = child(need, xml::dav("resource"));
    const pugi::xml_node privilege = child(resource, xml::dav("privilege"));
    const auto names = child_names(privilege);
    if (!resource || names.size() != 1) return std::nullopt;
    return NeedPrivilege{child(resource, xml::dav("href")).text().as_string(), names.front()};
}

inline std::string calendar_query_body() {
    return R"(<?xml version="1.0"?><C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">)"
           R"(<D:prop><D:getetag/><C:calendar-data/></D:prop>)"
           R"(<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/></C:comp-filter></C:filter>)"
           R"(</C:calendar-query>)";
}

inline std::string multiget_body(const std::vector<std::string>& hrefs) {
    std::string b = R"(<?xml version="1.0"?><C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">)"
                    R"(<D:prop><D:getetag/><C:calendar-data/></D:prop>)";
    for (const auto& h : hrefs) b += "<D:href>" + h + "</D:href>";
    return b + "</C:calendar-multiget>";
}

inline std::string sync_body(const std::string& token = {}) {
    return R"(<?xml version="1.0"?><D:sync-collection xmlns:D="DAV:"><D:sync-token>)" + token +
           R"(</D:sync-token><D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>)";
}

inline std::string free_busy_body() {
    return R"(<?xml version="1.0"?><C:free-busy-query xmlns:C="urn:ietf:params:xml:ns:caldav">)"
           R"(<C:time-range start="20240101T000000Z" end="20240201T000000Z"/></C:free-busy-query>)";
}

}  // namespace calbridge::caldav::testing
