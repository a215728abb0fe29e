// RFC 3744 9.3-9.5 on principals, kept small: the only principal a user sees now is their own
// (visible_principals; issue 6 adds shared ones).
//   - principal-search-property-set (9.5): 200 with the properties principal-property-search
//     can match: DAV:displayname, CALDAV:calendar-user-address-set, CS:email-address-set.
//   - principal-property-search (9.4): principals where every property-search (test="anyof":
//     any one) matches; a property-search matches when one of its properties' text contains
//     the match string, ASCII case-insensitively (9.4: "caseless substring"; the CalendarServer
//     match-type starts-with / equals is honoured). Properties outside the search set match
//     nothing.
//   - principal-match (9.3): DAV:self on the principal collection or a principal: the user's
//     own principal; DAV:principal-property on a collection: the members whose property holds
//     an href to the user's principal.
#include <algorithm>

#include "caldav/access/privileges.h"
#include "caldav/engine/request_path.h"
#include "caldav/engine/responses.h"
#include "caldav/engine/url_layout.h"
#include "caldav/principals/principal_reports.h"
#include "caldav/principals/property_text.h"
#include "caldav/webdav/members.h"
#include "caldav/webdav/property_writer.h"
#include "caldav/xml/href.h"
#include "caldav/xml/multistatus.h"

namespace calbridge::caldav {

namespace {

const xml::QName& searchable(std::size_t i) {
    static const xml::QName names[] = {xml::dav("displayname"), xml::caldav_name("calendar-user-address-set"),
                                       xml::cs("email-address-set")};
    return names[i];
}
constexpr std::size_t kSearchable = 3;

bool is_searchable(const xml::QName& name) {
    for (std::size_t i = 0; i < kSearchable; ++i)
        if (searchable(i) == name) return true;
    return false;
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
    return out;
}

bool text_matches(std::string_view value, const xml::PropertySearch& search) {
    const std::string v = ascii_lower(value), m = ascii_lower(search.match);
    if (search.match_type == "equals") return v == m;
    if (search.match_type == "starts-with") return v.rfind(m, 0) == 0;
    return v.find(m) != std::string::npos;
}

bool search_matches(RequestContext& rq, const Resource& principal, const xml::PropertySearch& search) {
    const PropertyContext ctx{rq.services, rq.who(), principal, nullptr};
    for (const xml::QName& name : search.props) {
        if (!is_searchable(name)) continue;
        const auto value = render_property(ctx, name);
        if (!value) continue;
        // Each href on its own (decoded, so "mailto:a@b" and paths read as written) and the text.
        for (const std::string& href : value->hrefs) {
            const auto decoded = xml::decode_href(href);
            if (text_matches(decoded ? *decoded : href, search)) return true;
        }
        if (value->hrefs.empty() && text_matches(value->text, search)) return true;
    }
    return false;
}

xml::PropSelection selection_of(const std::vector<xml::QName>& props) {
    xml::PropSelection select;
    select.kind = xml::PropSelection::Kind::prop;
    select.props = props;
    return select;
}

void write_principal(RequestContext& rq, xml::MultistatusWriter& ms, const Resource& r,
                     const xml::PropSelection& select) {
    if (select.props.empty()) {
        ms.response_status(r.path, 200);   // no DAV:prop: the href alone
        return;
    }
    write_property_response(ms, {rq.services, rq.who(), r, &select}, select);
}

}  // namespace

std::optional<Resource> visible_resource(RequestContext& rq, std::string_view href) {
    auto normalised = normalise_target(href);
    const auto* path = std::get_if<std::string>(&normalised);
    if (!path) return std::nullopt;
    const Location location = classify(*path);
    if (location.area == Area::well_known || location.area == Area::unknown ||
        location.area == Area::token_subscription)
        return std::nullopt;
    Resource r = resolve(rq.store(), location);
    // DAV:read, not just any privilege: a freebusy grantee holds read-free-busy on a calendar and
    // must not read its properties or its events' through an expansion (RFC 3744 3.1).
    if (!r.exists() || !privileges(rq.who(), r).has(Privilege::read)) return std::nullopt;
    return r;
}

std::vector<Resource> visible_principals(RequestContext& rq) {
    std::vector<Resource> out;
    if (auto own = visible_resource(rq, principal_path(rq.user)); own && own->kind == ResourceKind::principal)
        out.push_back(std::move(*own));
    return out;
}

Response principal_search_property_set_report(RequestContext&, const xml::ReportBody&) {
    static const char* const descriptions[] = {"Display name", "Calendar user address", "E-mail address"};
    xml::XmlWriter w;
    w.open(xml::dav("principal-search-property-set"));
    for (std::size_t i = 0; i < kSearchable; ++i) {
        w.open(xml::dav("principal-search-property")).open(xml::dav("prop")).empty(searchable(i)).close();
        w.open(xml::dav("description")).attr("xml:lang", "en").text(descriptions[i]).close();
        w.close();
    }
    Response r;
    r.status = 200;
    r.headers.set("Content-Type", std::string(kXmlContentType));
    r.body = w.finish();
    return r;
}

Response principal_property_search_report(RequestContext& rq, const xml::ReportBody& body) {
    const auto& search = std::get<xml::PrincipalPropertySearch>(body);
    const xml::PropSelection select = selection_of(search.props);
    xml::MultistatusWriter ms;
    for (const Resource& principal : visible_principals(rq)) {
        auto one = [&](const xml::PropertySearch& s) { return search_matches(rq, principal, s); };
        const bool match = search.any_of ? std::any_of(search.searches.begin(), search.searches.end(), one)
                                         : std::all_of(search.searches.begin(), search.searches.end(), one);
        if (match) write_principal(rq, ms, principal, select);
    }
    return multistatus_response(ms.finish());
}

Response principal_match_report(RequestContext& rq, const xml::ReportBody& body) {
    const auto& match = std::get<xml::PrincipalMatch>(body);
    const xml::PropSelection select = selection_of(match.props);
    const std::string me = principal_path(rq.user);
    xml::MultistatusWriter ms;
    if (match.self) {
        // 9.3: the principals in the request-URI's scope that are the current user.
        for (const Resource& principal : visible_principals(rq))
            if (rq.target.kind == ResourceKind::principals || rq.target.path == principal.path)
                write_principal(rq, ms, principal, select);
    } else if (match.principal_property) {
        auto holds_me = [&](const Resource& r) {
            const auto value = render_property({rq.services, rq.who(), r, nullptr}, *match.principal_property);
            if (!value) return false;
            for (const std::string& href : value->hrefs) {
                auto p = normalise_target(href);
                if (const auto* path = std::get_if<std::string>(&p); path && *path == me) return true;
            }
            return false;
        };
        if (holds_me(rq.target)) write_principal(rq, ms, rq.target, select);
        if (rq.target.is_collection())
            for_each_member(rq, rq.target, [&](const Resource& member) {
                if (holds_me(member)) write_principal(rq, ms, member, select);
            });
    }
    return multistatus_response(ms.finish());
}

}  // namespace calbridge::caldav
