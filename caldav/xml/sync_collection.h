#pragma once
// DAV:sync-collection REPORT body (RFC 6578 3.2, 6.1):
// <!ELEMENT sync-collection (sync-token, sync-level, limit?, prop)>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "caldav/xml/parse.h"
#include "caldav/xml/prop_selection.h"

namespace calbridge::caldav::xml {

struct SyncCollection {
    std::string sync_token;   // as sent, trimmed; "" = initial sync (RFC 6578 3.2)
    enum class Level { one, infinite };
    Level level = Level::one;          // missing sync-level (pre-RFC clients) = "1"
    std::optional<std::size_t> limit;  // DAV:limit/DAV:nresults (RFC 5323 5.17)
    PropSelection select;              // Kind::prop; calendar_data when asked
};

// Throws RequestError 400 for malformed XML, a sync-level other than "1"/"infinite", or an
// nresults that is not a positive integer. The token's validity is the engine's
// (403 DAV:valid-sync-token).
SyncCollection parse_sync_collection(std::string_view body, const ParseLimits& limits = {});
SyncCollection parse_sync_collection(pugi::xml_node root);

}  // namespace calbridge::caldav::xml
