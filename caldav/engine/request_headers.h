#pragma once
// The WebDAV and conditional request headers the methods read: Depth (RFC 4918 10.2),
// Overwrite (10.6), If-Match / If-None-Match (RFC 9110 13.1.1, 13.1.2), Content-Type.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "caldav/http_message.h"
#include "caldav/store/store.h"

namespace calbridge::caldav {

enum class Depth { zero, one, infinity };

// The Depth header, or `absent` when there is none. Throws xml::RequestError 400 for any value
// other than "0", "1", "infinity".
Depth parse_depth(const Request& request, Depth absent);

// Overwrite: T (default) or F. Throws 400 for anything else.
bool parse_overwrite(const Request& request);

// A parsed If-Match or If-None-Match field: "*" or a list of entity tags (quotes removed; a weak
// tag keeps its "W/" so that the strong comparison of RFC 9110 8.8.3.2 never matches it).
struct EntityTagList {
    bool any = false;
    std::vector<std::string> tags;
    bool present() const { return any || !tags.empty(); }
    bool matches(std::string_view etag) const;   // strong comparison; "*" matches any
};
EntityTagList parse_entity_tags(std::optional<std::string_view> field);

struct Conditions {
    EntityTagList if_match, if_none_match;
};
Conditions parse_conditions(const Request& request);

// RFC 9110 13.2.2 for a write to a resource whose current etag is `current` (nullopt: it does
// not exist; a collection exists without an etag: pass ""). True when the write may go on.
bool write_conditions_hold(const Conditions& c, const std::optional<std::string>& current);

// The Store precondition that re-checks the same inside the write's transaction, so two
// concurrent writes with the same If-Match (one tag or a list) cannot both win. If-None-Match
// with tags (not "*") is checked by write_conditions_hold only.
Precondition store_precondition(const Conditions& c);

// "text/calendar; charset=utf-8" -> "text/calendar" (lower-case, parameters dropped).
std::string media_type(std::string_view content_type);

}  // namespace calbridge::caldav
