#include "caldav/engine/request_path.h"

#include "caldav/engine/url_layout.h"

#include <algorithm>
#include <cctype>

#include "caldav/http_message.h"
#include "caldav/xml/href.h"

namespace calbridge::caldav {

namespace {

// The "scheme://authority" of an absolute URI, or "" for a path.
std::string_view origin_of(std::string_view uri) {
    const auto colon = uri.find("://");
    if (colon == std::string_view::npos || uri.substr(0, colon).find('/') != std::string_view::npos) return {};
    const auto path_start = uri.find('/', colon + 3);
    return uri.substr(0, path_start);
}

// The path part of the raw target (no scheme/authority, no query): where %2F must not occur.
std::string_view raw_path_of(std::string_view target) {
    const std::string_view origin = origin_of(target);
    std::string_view path = target.substr(origin.size());
    const auto query = path.find('?');
    return path.substr(0, query);
}

bool contains_encoded_slash(std::string_view raw) {
    for (std::size_t i = 0; i + 2 < raw.size(); ++i)
        if (raw[i] == '%' && raw[i + 1] == '2' && (raw[i + 2] == 'F' || raw[i + 2] == 'f')) return true;
    return false;
}

}  // namespace

std::variant<std::string, PathError> normalise_target(std::string_view target) {
    if (target.empty()) return PathError{400, "empty request-target"};
    if (target.find('#') != std::string_view::npos)
        return PathError{400, "a request-target must not carry a fragment (RFC 9112 3.2)"};
    if (contains_encoded_slash(raw_path_of(target)))
        return PathError{400, "encoded '/' (%2F) inside a path segment"};
    const std::optional<std::string> decoded = xml::decode_href(target);
    if (!decoded) return PathError{400, "malformed percent-encoding, NUL or invalid UTF-8 in the path"};
    const std::string& d = *decoded;
    if (d.empty() || d.front() != '/') return PathError{400, "the path must be absolute"};
    if (std::any_of(d.begin(), d.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
        return PathError{400, "control character in the path"};

    std::string out;
    out.reserve(d.size());
    std::size_t i = 0;
    while (i < d.size()) {
        // d[i] == '/': skip the run of slashes (empty segments collapse), read one segment.
        while (i < d.size() && d[i] == '/') ++i;
        const std::size_t end = std::min(d.find('/', i), d.size());
        const std::string_view segment(d.data() + i, end - i);
        if (segment == "." || segment == "..")
            return PathError{400, "dot segment in the path (RFC 3986 5.2.4: resolved by the client)"};
        out += '/';
        out += segment;
        i = end;
    }
    // A trailing slash survives as the empty last segment: "/a/" -> "/a/".
    return out;
}

namespace {

// "host:port" of "scheme://host:port".
std::string_view authority_of(std::string_view origin) {
    const std::size_t scheme_end = origin.find("://");
    return scheme_end == std::string_view::npos ? origin : origin.substr(scheme_end + 3);
}

}  // namespace

std::variant<std::string, PathError> normalise_destination(std::string_view destination, std::string_view origin) {
    // Same server = same authority. The scheme is not compared: behind a TLS reverse proxy the
    // client writes https:// while the gateway itself is reached over http (README).
    const std::string_view dest_origin = origin_of(destination);
    if (!dest_origin.empty() && !iequals(authority_of(dest_origin), authority_of(origin)))
        return PathError{502, "Destination names another server"};
    return normalise_target(destination);
}

std::string loggable_target(std::string_view target) {
    auto normalised = normalise_target(target);
    if (const auto* path = std::get_if<std::string>(&normalised)) {
        // A secret .ics subscription token never reaches a log (issue 4 item 5).
        if (classify(*path).area == Area::token_subscription) return std::string(kTokenPrefix) + "<token>";
        return std::string(target);
    }
    // Not a path the engine serves; it may still carry a token in some odd spelling.
    return "<refused target>";
}

}  // namespace calbridge::caldav
