#pragma once
// PidLidGlobalObjectId (MS-OXOCAL 2.2.1.27) and the iCalendar UID derived from it
// (MS-OXCICAL 2.1.3.1.1.20.26; worked examples in MS-ASEMAIL 4.3).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "converters/mapi/property_bag.h"

namespace calbridge::mapi {

struct GlobalObjectId {
    std::uint16_t instance_year = 0;  // 0 on the series master / single appointment
    std::uint8_t instance_month = 0;
    std::uint8_t instance_day = 0;
    FileTime creation_time;
    Bytes data;  // the Data field (Size bytes)
    // When Data is "vCal-Uid" + 01 00 00 00 + UID + NUL: the UID of a third-party
    // (e.g. Google) invitation, to be used as-is.
    std::optional<std::string> third_party_uid;
};

// Parses the binary form. Throws BlobError naming the field and offset.
GlobalObjectId parse_global_object_id(std::span<const std::uint8_t> blob);

// The UID of an appointment per MS-OXCICAL 2.1.3.1.1.20.26: the embedded third-party UID
// when present, else the upper-case hex of the whole id with the instance date zeroed
// (so every instance and the master share one UID).
std::string uid_from_global_object_id(std::span<const std::uint8_t> blob);

// The reverse, for an item written to Exchange (MS-OXCICAL 2.1.3.1.1.20.26, import): a UID that
// is the hex form of a Global Object ID (as uid_from_global_object_id writes them, either case)
// becomes those bytes; any other UID is wrapped as a third-party id: ByteArrayID, a zero
// instance date, CreationTime and X, then Data = "vCal-Uid", version 1 (4 bytes LE), the UID,
// a NUL. uid_from_global_object_id(global_object_id_from_uid(u)) == u for every non-empty u
// that is not GOID hex (for GOID hex: the upper-case form).
Bytes global_object_id_from_uid(std::string_view uid);

// Deterministic UID for items without PidLidGlobalObjectId: a SHA-256 over the fields that
// identify an appointment (subject, start, end, all-day flag, recurrence blob). The same item
// found in two files gets one UID; see README "UIDs" for the trade-off.
std::string fallback_uid(const PropertyBag& props);

}  // namespace calbridge::mapi
