#pragma once
// Property identifiers used by the calendar converters. Tagged ids from MS-OXPROPS section 2
// (PidTag*), named properties (PidLid*) with their property set and LID from MS-OXPROPS and
// MS-OXOCAL 2.2. Only ids this project reads are listed.
#include <cstdint>

#include "converters/mapi/property_bag.h"

namespace calbridge::mapi {

// Property sets, MS-OXPROPS 1.3.2.
namespace psetid {
inline const Guid Appointment = Guid::parse("00062002-0000-0000-C000-000000000046");
inline const Guid Meeting = Guid::parse("6ED8DA90-450B-101B-98DA-00AA003F1305");
inline const Guid Common = Guid::parse("00062008-0000-0000-C000-000000000046");
inline const Guid PublicStrings = Guid::parse("00020329-0000-0000-C000-000000000046");
inline const Guid Address = Guid::parse("00062004-0000-0000-C000-000000000046");
}  // namespace psetid

// Tagged properties: the property id (high word of the tag).
namespace tag {
constexpr std::uint16_t Importance = 0x0017;
constexpr std::uint16_t MessageClass = 0x001A;
constexpr std::uint16_t Priority = 0x0026;
constexpr std::uint16_t Sensitivity = 0x0036;
constexpr std::uint16_t Subject = 0x0037;
constexpr std::uint16_t SentRepresentingName = 0x0042;
constexpr std::uint16_t StartDate = 0x0060;
constexpr std::uint16_t EndDate = 0x0061;
constexpr std::uint16_t ResponseRequested = 0x0063;
constexpr std::uint16_t SentRepresentingAddressType = 0x0064;
constexpr std::uint16_t SentRepresentingEmailAddress = 0x0065;
constexpr std::uint16_t RecipientType = 0x0C15;
constexpr std::uint16_t SenderName = 0x0C1A;
constexpr std::uint16_t SenderAddressType = 0x0C1E;
constexpr std::uint16_t SenderEmailAddress = 0x0C1F;
constexpr std::uint16_t MessageFlags = 0x0E07;
constexpr std::uint16_t AttachSize = 0x0E20;
constexpr std::uint16_t Body = 0x1000;
constexpr std::uint16_t RtfCompressed = 0x1009;
constexpr std::uint16_t Html = 0x1013;
constexpr std::uint16_t NativeBody = 0x1016;
constexpr std::uint16_t DisplayName = 0x3001;
constexpr std::uint16_t AddressType = 0x3002;
constexpr std::uint16_t EmailAddress = 0x3003;
constexpr std::uint16_t CreationTime = 0x3007;
constexpr std::uint16_t LastModificationTime = 0x3008;
constexpr std::uint16_t ContentCount = 0x3602;
constexpr std::uint16_t ContainerClass = 0x3613;
constexpr std::uint16_t AttachDataBinary = 0x3701;  // also PidTagAttachDataObject (PtypObject)
constexpr std::uint16_t AttachExtension = 0x3703;
constexpr std::uint16_t AttachFilename = 0x3704;
constexpr std::uint16_t AttachMethod = 0x3705;
constexpr std::uint16_t AttachLongFilename = 0x3707;
constexpr std::uint16_t RenderingPosition = 0x370B;
constexpr std::uint16_t AttachMimeTag = 0x370E;
constexpr std::uint16_t AttachContentId = 0x3712;
constexpr std::uint16_t DisplayType = 0x3900;
constexpr std::uint16_t SmtpAddress = 0x39FE;
constexpr std::uint16_t InternetCodepage = 0x3FDE;
constexpr std::uint16_t MessageCodepage = 0x3FFD;
constexpr std::uint16_t ReceivedByEmailAddress = 0x0076;
constexpr std::uint16_t ReceivedRepresentingEmailAddress = 0x0078;
constexpr std::uint16_t SenderSmtpAddress = 0x5D01;
constexpr std::uint16_t ReceivedBySmtpAddress = 0x5D07;
constexpr std::uint16_t ReceivedRepresentingSmtpAddress = 0x5D08;
constexpr std::uint16_t CreatorSmtpAddress = 0x5D0A;
constexpr std::uint16_t SentRepresentingSmtpAddress = 0x5D02;
constexpr std::uint16_t RecipientDisplayName = 0x5FF6;
constexpr std::uint16_t RecipientTrackStatusTime = 0x5FFB;
constexpr std::uint16_t RecipientFlags = 0x5FFD;
constexpr std::uint16_t RecipientTrackStatus = 0x5FFF;
constexpr std::uint16_t ExceptionReplaceTime = 0x7FF9;
constexpr std::uint16_t ExceptionStartTime = 0x7FFB;
constexpr std::uint16_t ExceptionEndTime = 0x7FFC;
constexpr std::uint16_t AttachmentFlags = 0x7FFD;
constexpr std::uint16_t AttachmentHidden = 0x7FFE;
}  // namespace tag

// Named properties, MS-OXPROPS section 2 (PidLid*).
namespace lid {
inline NamedProp appt(std::uint32_t id) { return {psetid::Appointment, id, {}}; }
inline NamedProp meeting(std::uint32_t id) { return {psetid::Meeting, id, {}}; }
inline NamedProp common(std::uint32_t id) { return {psetid::Common, id, {}}; }

inline const NamedProp AppointmentSequence = appt(0x8201);
inline const NamedProp BusyStatus = appt(0x8205);
inline const NamedProp AppointmentAuxiliaryFlags = appt(0x8207);
inline const NamedProp Location = appt(0x8208);
inline const NamedProp AppointmentStartWhole = appt(0x820D);
inline const NamedProp AppointmentEndWhole = appt(0x820E);
inline const NamedProp AppointmentDuration = appt(0x8213);
inline const NamedProp AppointmentSubType = appt(0x8215);  // all-day event
inline const NamedProp AppointmentRecur = appt(0x8216);
inline const NamedProp AppointmentStateFlags = appt(0x8217);
inline const NamedProp ResponseStatus = appt(0x8218);
inline const NamedProp Recurring = appt(0x8223);
inline const NamedProp IntendedBusyStatus = appt(0x8224);
inline const NamedProp ExceptionReplaceTime = appt(0x8228);
inline const NamedProp FInvited = appt(0x8229);
inline const NamedProp RecurrenceType = appt(0x8231);
inline const NamedProp RecurrencePattern = appt(0x8232);
inline const NamedProp TimeZoneStruct = appt(0x8233);
inline const NamedProp TimeZoneDescription = appt(0x8234);
inline const NamedProp ClipStart = appt(0x8235);
inline const NamedProp ClipEnd = appt(0x8236);
inline const NamedProp AllAttendeesString = appt(0x8238);
inline const NamedProp AppointmentTimeZoneDefinitionStartDisplay = appt(0x825E);
inline const NamedProp AppointmentTimeZoneDefinitionEndDisplay = appt(0x825F);
inline const NamedProp AppointmentTimeZoneDefinitionRecur = appt(0x8260);

inline const NamedProp AttendeeCriticalChange = meeting(0x0001);
inline const NamedProp Where = meeting(0x0002);
inline const NamedProp GlobalObjectId = meeting(0x0003);
inline const NamedProp IsRecurring = meeting(0x0005);
inline const NamedProp IsException = meeting(0x000A);
inline const NamedProp TimeZone = meeting(0x000C);
inline const NamedProp OwnerCriticalChange = meeting(0x001A);
inline const NamedProp CleanGlobalObjectId = meeting(0x0023);
inline const NamedProp MeetingType = meeting(0x0026);

inline const NamedProp ReminderDelta = common(0x8501);
inline const NamedProp ReminderTime = common(0x8502);
inline const NamedProp ReminderSet = common(0x8503);
inline const NamedProp Private = common(0x8506);
inline const NamedProp CommonStart = common(0x8516);
inline const NamedProp CommonEnd = common(0x8517);
inline const NamedProp ReminderOverride = common(0x851C);
inline const NamedProp ReminderPlaySound = common(0x851E);
inline const NamedProp ReminderFileParameter = common(0x851F);
inline const NamedProp ReminderSignalTime = common(0x8560);

// PS_PUBLIC_STRINGS "Keywords": the categories (MS-OXCMSG 2.2.1.17).
inline const NamedProp Keywords{psetid::PublicStrings, 0, "Keywords"};
}  // namespace lid

}  // namespace calbridge::mapi
