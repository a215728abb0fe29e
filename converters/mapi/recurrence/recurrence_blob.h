#pragma once
// The Outlook recurrence blob: PidLidAppointmentRecur (AppointmentRecurrencePattern,
// MS-OXOCAL 2.2.1.44.5) and the RecurrencePattern inside it (2.2.1.44.1), which is also the
// whole of a task's PidLidTaskRecurrence.
//
// All times in the blob are "MAPI minutes" (minutes since 1601-01-01 00:00) on the
// appointment's LOCAL wall clock, not UTC; see time_units.h for conversions.
//
// Strict vs. lenient (what throws BlobError, what is accepted and reported as a warning):
//   strict  - any read past the end (field name + byte offset in the message);
//           - ReaderVersion != 0x3004 or ReaderVersion2 != 0x3006: the reader version is
//             the layout a reader must understand, so another value means another layout;
//           - an unknown PatternType: the size of PatternTypeSpecific is unknown;
//           - a count (instance dates, exceptions) larger than the bytes left could hold.
//   lenient - WriterVersion != 0x3004, WriterVersion2 other than 0x3008/0x3009 (only
//             decides whether ChangeHighlight is present: >= 0x3009);
//           - instance date lists out of order (2.2.1.44.1 says sorted; nothing here
//             depends on it), a modified date missing from the deleted list;
//           - ExceptionCount != ModifiedInstanceCount: each ExceptionInfo names its own
//             original start, so nothing is mis-assigned;
//           - SubjectLength != SubjectLength2 + 1 (SubjectLength2 is used);
//             ChangeHighlightSize < 4 (no value); non-zero reserved blocks (skipped);
//           - ExtendedException times that differ from the ExceptionInfo (ExceptionInfo
//             wins); unknown OverrideFlags bits (kept in override_flags);
//           - bytes after ReservedBlock2 (ignored).
//   Each lenient case is reported to the Diagnostics overloads.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "converters/mapi/blob_reader.h"
#include "converters/mapi/diagnostics.h"

namespace calbridge::mapi {

// MS-OXOCAL 2.2.1.44.1 RecurFrequency.
enum class RecurFrequency : std::uint16_t {
    Daily = 0x200A,
    Weekly = 0x200B,
    Monthly = 0x200C,
    Yearly = 0x200D,
};

// MS-OXOCAL 2.2.1.44.1 PatternType. The Hj* values are the Hijri-calendar variants.
enum class PatternType : std::uint16_t {
    Day = 0x0000,
    Week = 0x0001,
    Month = 0x0002,
    MonthNth = 0x0003,
    MonthEnd = 0x0004,
    HjMonth = 0x000A,
    HjMonthNth = 0x000B,
    HjMonthEnd = 0x000C,
};

// MS-OXOCAL 2.2.1.44.1 CalendarType (values as in MS-OXCICAL 2.1.3.1.1.8).
enum class CalendarType : std::uint16_t {
    Default = 0x0000,  // Gregorian; Hijri when PatternType is HjMonth/HjMonthNth/HjMonthEnd
    Gregorian = 0x0001,
    GregorianUs = 0x0002,
    JapanEmperorEra = 0x0003,
    Taiwan = 0x0004,
    KoreaTangunEra = 0x0005,
    Hijri = 0x0006,
    Thai = 0x0007,
    Hebrew = 0x0008,
    GregorianMeFrench = 0x0009,
    GregorianArabic = 0x000A,
    GregorianXlitEnglish = 0x000B,
    GregorianXlitFrench = 0x000C,
    LunarJapanese = 0x000E,
    ChineseLunar = 0x000F,
    Saka = 0x0010,
    LunarEtoChinese = 0x0011,
    LunarEtoKorean = 0x0012,
    LunarRokuyou = 0x0013,
    LunarKorean = 0x0014,
    UmAlQura = 0x0017,
};

// MS-OXOCAL 2.2.1.44.1 EndType.
enum class EndType : std::uint32_t {
    AfterDate = 0x00002021,
    AfterNOccurrences = 0x00002022,
    NeverEnd = 0x00002023,
    NeverEndLegacy = 0xFFFFFFFF,  // written by older clients; means the same as NeverEnd
};

// PatternTypeSpecific day bits for Week and MonthNth (2.2.1.44.1.4, 2.2.1.44.1.6):
// bit 0 = Sunday ... bit 6 = Saturday, the same numbering as weekday() in time_units.h.
namespace day_bit {
inline constexpr std::uint32_t Sunday = 0x01, Monday = 0x02, Tuesday = 0x04, Wednesday = 0x08,
                               Thursday = 0x10, Friday = 0x20, Saturday = 0x40;
inline constexpr std::uint32_t Weekdays = Monday | Tuesday | Wednesday | Thursday | Friday;
inline constexpr std::uint32_t WeekendDays = Saturday | Sunday;
inline constexpr std::uint32_t All = 0x7F;
}  // namespace day_bit

// MonthNth N (2.2.1.44.1.6): 1..4 = first..fourth, 5 = last.
inline constexpr std::uint32_t kNthLast = 5;

// EndDate written for a series that never ends: 4500-12-31 23:59 (2.2.1.44.1).
inline constexpr std::uint32_t kNeverEndDate = 0x5AE980DF;

// MS-OXOCAL 2.2.1.44.2 OverrideFlags.
enum ExceptionOverride : std::uint16_t {
    ARO_SUBJECT = 0x0001,
    ARO_MEETINGTYPE = 0x0002,
    ARO_REMINDERDELTA = 0x0004,
    ARO_REMINDER = 0x0008,
    ARO_LOCATION = 0x0010,
    ARO_BUSYSTATUS = 0x0020,
    ARO_ATTACHMENT = 0x0040,
    ARO_SUBTYPE = 0x0080,
    ARO_APPTCOLOR = 0x0100,
    ARO_EXCEPTIONAL_BODY = 0x0200,  // the body differs: read it from the exception attachment
};

// Version constants of 2.2.1.44.1 / 2.2.1.44.5.
inline constexpr std::uint16_t kRecurReaderVersion = 0x3004;
inline constexpr std::uint16_t kRecurWriterVersion = 0x3004;
inline constexpr std::uint32_t kRecurReaderVersion2 = 0x3006;
inline constexpr std::uint32_t kRecurWriterVersion2 = 0x3009;  // 0x3008 has no ChangeHighlight

// MS-OXOCAL 2.2.1.44.1 RecurrencePattern.
struct RecurrencePattern {
    std::uint16_t reader_version = kRecurReaderVersion;
    std::uint16_t writer_version = kRecurWriterVersion;
    RecurFrequency frequency = RecurFrequency::Daily;
    PatternType pattern_type = PatternType::Day;
    CalendarType calendar_type = CalendarType::Default;
    std::uint32_t first_date_time = 0;  // 2.2.1.44.1.1; for Month patterns it names the month
    // Daily: minutes between occurrences (1440 * days). Week: weeks. Month*/Year: months
    // (a yearly series has 12 * years).
    std::uint32_t period = 0;
    std::uint32_t sliding_flag = 0;  // tasks only: next occurrence counts from completion
    // PatternTypeSpecific, by pattern type:
    std::uint32_t day_mask = 0;      // Week, MonthNth, HjMonthNth: day_bit:: values
    std::uint32_t day_of_month = 0;  // Month, MonthEnd, HjMonth, HjMonthEnd: 1..31
    std::uint32_t nth = 0;           // MonthNth, HjMonthNth: 1..4, kNthLast = last
    EndType end_type = EndType::NeverEnd;
    std::uint32_t occurrence_count = 0;
    std::uint32_t first_dow = 0;  // 0 = Sunday ... 6 = Saturday
    // Original dates (midnight, local) of deleted instances; a moved/changed instance is
    // in both lists, a deleted one only here.
    std::vector<std::uint32_t> deleted_instance_dates;
    std::vector<std::uint32_t> modified_instance_dates;  // dates (midnight) of modified instances
    std::uint32_t start_date = 0;  // midnight of the first occurrence's day
    std::uint32_t end_date = 0;    // midnight of the last occurrence's day (kNeverEndDate if none)

    friend bool operator==(const RecurrencePattern&, const RecurrencePattern&) = default;
};

// MS-OXOCAL 2.2.1.44.2 ExceptionInfo merged with its 2.2.1.44.4 ExtendedException.
// Each optional is set exactly when the exception overrides that property.
struct ExceptionInfo {
    std::uint32_t start = 0;           // StartDateTime, MAPI minutes, local
    std::uint32_t end = 0;             // EndDateTime
    std::uint32_t original_start = 0;  // OriginalStartTime: the instance this replaces
    std::uint16_t override_flags = 0;  // ARO_* (unknown bits kept)
    // UTF-8. From the ExtendedException's WideCharSubject when present, else the 8-bit
    // Subject decoded as Windows-1252.
    std::optional<std::string> subject;
    std::optional<std::uint32_t> meeting_type;      // PidLidAppointmentStateFlags
    std::optional<std::int32_t> reminder_delta;     // minutes before start
    std::optional<bool> reminder_set;
    std::optional<std::string> location;            // same rule as subject
    std::optional<std::uint32_t> busy_status;       // PidLidBusyStatus (0 free .. 4 working elsewhere)
    std::optional<bool> attachment;                 // exception has attachments
    std::optional<bool> subtype;                    // all-day event
    std::optional<std::uint32_t> appointment_color; // PidLidAppointmentColor
    std::optional<std::uint32_t> change_highlight;  // from the ExtendedException (2.2.1.44.3)

    bool has(ExceptionOverride flag) const { return (override_flags & flag) != 0; }
    friend bool operator==(const ExceptionInfo&, const ExceptionInfo&) = default;
};

// MS-OXOCAL 2.2.1.44.5 AppointmentRecurrencePattern.
struct AppointmentRecurrence {
    RecurrencePattern pattern;
    std::uint32_t reader_version2 = kRecurReaderVersion2;
    std::uint32_t writer_version2 = kRecurWriterVersion2;
    std::uint32_t start_time_offset = 0;  // minutes after midnight of each occurrence's start
    std::uint32_t end_time_offset = 0;    // minutes after midnight of the START day (may exceed 1440)
    std::vector<ExceptionInfo> exceptions;

    friend bool operator==(const AppointmentRecurrence&, const AppointmentRecurrence&) = default;
};

// Reads a RecurrencePattern (2.2.1.44.1) at the reader's position. Throws BlobError.
RecurrencePattern parse_recurrence_pattern(BlobReader& reader);
RecurrencePattern parse_recurrence_pattern(BlobReader& reader, Diagnostics& diagnostics);

// Reads a whole PidLidAppointmentRecur value. Throws BlobError naming the field and byte
// offset; the Diagnostics overload also reports what it accepted leniently (see above).
AppointmentRecurrence parse_appointment_recurrence(std::span<const std::uint8_t> blob);
AppointmentRecurrence parse_appointment_recurrence(std::span<const std::uint8_t> blob,
                                                   Diagnostics& diagnostics);

}  // namespace calbridge::mapi
