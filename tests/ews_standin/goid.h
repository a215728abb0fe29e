#pragma once
// PidLidGlobalObjectId (MS-OXOCAL 2.2.1.27) of a stand-in item, kept consistent with its UID the
// way Exchange does (MS-OXCICAL 2.1.3.1.1.20.26): a UID that is the hex of an Outlook global
// object id is that id; any other UID is wrapped as Data = "vCal-Uid" 01 00 00 00 UID NUL.
// The reverse direction is converters/mapi's uid_from_global_object_id.
#include <cstdint>
#include <string>
#include <vector>

namespace calbridge::ews_standin {

inline constexpr const char* kPsetidMeeting = "6ED8DA90-450B-101B-98DA-00AA003F1305";
inline constexpr int kGlobalObjectIdLid = 0x0003;       // PidLidGlobalObjectId
inline constexpr int kCleanGlobalObjectIdLid = 0x0023;  // PidLidCleanGlobalObjectId

std::vector<std::uint8_t> global_object_id_for_uid(const std::string& uid);
// A fresh Outlook-style UID: upper-case hex of a global object id with 16 random Data bytes.
std::string new_outlook_uid();

}  // namespace calbridge::ews_standin
