#pragma once
// The URL layout of calbridge (issue 4, /tmp/url-layout.md): which part of the namespace a
// decoded, normalised path falls in, and the paths of a user's principal and home.
//
//   /                              server root: GET/HEAD 301 to /dav/ (browsers, python-caldav given
//                                  the host); PROPFIND answers current-user-principal (RFC 6764 6.5)
//   /.well-known/caldav            RFC 6764 5 bootstrap: 301 to /dav/
//   /dav/                          root collection
//   /dav/principals/               principal collection (RFC 3744 5.8)
//   /dav/principals/<user>/        principal (RFC 3744 2)
//   /dav/calendars/                collection of calendar homes
//   /dav/calendars/<user>/...      the home (RFC 4791 6.2.1) and everything in it (the Store)
//   /ics/<token>.ics               secret-token subscription (issue 4 item 5), no auth
//   /freebusy/<user>.vfb           the user's free/busy over their calendars (issue 6 item 3,
//                                  Outlook's "Internet Free/Busy" %NAME%.vfb), with auth
#include <string>
#include <string_view>

namespace calbridge::caldav {

inline constexpr std::string_view kWellKnownCaldav = "/.well-known/caldav";
inline constexpr std::string_view kDavRoot = "/dav/";
inline constexpr std::string_view kPrincipalsRoot = "/dav/principals/";
inline constexpr std::string_view kCalendarsRoot = "/dav/calendars/";
inline constexpr std::string_view kTokenPrefix = "/ics/";
inline constexpr std::string_view kFreeBusyPrefix = "/freebusy/";
inline constexpr std::string_view kFreeBusySuffix = ".vfb";

enum class Area {
    server_root,          // /
    well_known,           // /.well-known/caldav (and below)
    root,                 // /dav/
    principals,           // /dav/principals/
    principal,            // /dav/principals/<user>/
    calendars,            // /dav/calendars/
    stored,               // /dav/calendars/<user>/ and below: resources of the Store
    token_subscription,   // /ics/<token>.ics
    free_busy,            // /freebusy/<user>.vfb
    unknown,              // anything else: 404
};

struct Location {
    Area area = Area::unknown;
    // The path in canonical form: virtual collections and a home always end with '/'; below a
    // home the path is kept as requested (the Store decides collection or object).
    std::string path;
    std::string user;    // the <user> segment of principal and stored paths; free_busy: <user>
    std::string token;   // token_subscription: the token
};

Location classify(std::string_view normalised_path);

// Whether a request to this area needs an authenticated user (url-layout: all but the
// well-known URI and secret-token subscriptions; the engine redirects GET/HEAD of "/" before it
// asks).
bool needs_authentication(Area area);

std::string principal_path(std::string_view user);   // "/dav/principals/<user>/"
std::string home_path(std::string_view user);        // "/dav/calendars/<user>/"
std::string free_busy_path(std::string_view user);   // "/freebusy/<user>.vfb"

// "/a/b/" -> "/a/", "/a/b" -> "/a/", "/" -> "".
std::string parent_path(std::string_view path);
// The last segment without any trailing '/': "/a/b/" -> "b".
std::string_view last_segment(std::string_view path);
inline bool is_collection_path(std::string_view path) { return !path.empty() && path.back() == '/'; }
inline std::string as_collection_path(std::string_view path) {
    return is_collection_path(path) ? std::string(path) : std::string(path) + '/';
}
// True when path is `ancestor` (a collection path) or lies below it.
bool is_within(std::string_view path, std::string_view ancestor);

}  // namespace calbridge::caldav
