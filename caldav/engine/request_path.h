#pragma once
// Request-target and Destination header -> the decoded, normalised path the Store and the URL
// layout work on. The one place that decides which odd targets are refused.
//
// Policy (every refusal is 400 Bad Request; nothing is looked up or touched):
//   - a '#' fragment: RFC 9112 3.2 origin-form has none, and a client that sends one must not
//     act on the resource without it (litmus delete_fragment);
//   - a malformed %XX escape, an encoded NUL, bytes that are not UTF-8 after decoding (overlong
//     forms included), any other control character (decode_href, RFC 3986 2.1);
//   - an encoded '/' (%2F) inside a segment: RFC 3986 2.2 makes it data, not a delimiter, and a
//     segment containing '/' cannot name anything in our namespace, while decoding it into a
//     delimiter would let a client address a different hierarchy than it wrote;
//   - a "." or ".." segment, literal or percent-encoded (%2E is '.', RFC 3986 2.3 / 6.2.2.2):
//     RFC 3986 5.2.4 removes dot segments while *resolving* a reference, which clients do before
//     sending; a target that still holds them is refused rather than resolved, so no spelling can
//     climb out of a home (RFC 4918 8.3 hrefs are resolved by the client likewise);
//   - a path that does not start with '/'.
// Empty segments ("//") are collapsed to one '/': no store name is empty, and clients that join
// a base URL and a path produce them harmlessly. A "?query" is ignored.
#include <string>
#include <string_view>
#include <variant>

namespace calbridge::caldav {

struct PathError {
    int status = 400;
    std::string reason;   // for the log and the response body, e.g. "encoded '/' in a segment"
};

// target: origin-form ("/dav/a%20b/?x") or absolute-form ("https://host/dav/"), RFC 9112 3.2.
std::variant<std::string, PathError> normalise_target(std::string_view target);

// Destination (RFC 4918 10.3): an absolute URI or an absolute path. An absolute URI whose
// scheme://authority differs from `origin` (Request.origin) names another server: 502
// (RFC 4918 9.8.5, 9.9.4). Otherwise as normalise_target.
std::variant<std::string, PathError> normalise_destination(std::string_view destination, std::string_view origin);

// The target as it may be logged: a secret-token subscription URL in any spelling becomes
// "/ics/<token>", a target the engine refuses becomes "<refused target>".
std::string loggable_target(std::string_view target);

}  // namespace calbridge::caldav
