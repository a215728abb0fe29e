#include "converters/mapi/recurrence/recurrence_blob.h"

#include <algorithm>
#include <cstdio>

#include "converters/mapi/recurrence/recurrence_text.h"

namespace calbridge::mapi {

namespace {

constexpr const char* kBlobName = "PidLidAppointmentRecur";

std::string hex(std::uint32_t v, int digits) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%0*X", digits, v);
    return buf;
}

[[noreturn]] void fail_at(const BlobReader& r, std::size_t offset, const std::string& what) {
    throw BlobError(r.name() + ": " + what + " at byte " + std::to_string(offset));
}

// Reads a u32 element count and checks that `element_size` bytes per element can follow.
// Fails like a truncated read of the elements, before anything is allocated.
std::uint32_t read_count32(BlobReader& r, std::string_view count_field, std::string_view elements_field,
                           std::size_t element_size) {
    const std::uint32_t n = r.u32(count_field);
    if (static_cast<std::uint64_t>(n) * element_size > r.remaining())
        r.fail("truncated: " + std::string(elements_field) + " needs " +
               std::to_string(static_cast<std::uint64_t>(n) * element_size) + " bytes (" + std::string(count_field) +
               " " + std::to_string(n) + "), " + std::to_string(r.remaining()) + " left");
    return n;
}

std::vector<std::uint32_t> read_dates(BlobReader& r, std::string_view count_field,
                                      std::string_view date_field, Diagnostics& diag) {
    const std::uint32_t n = read_count32(r, count_field, date_field, 4);
    std::vector<std::uint32_t> dates;
    dates.reserve(n);
    for (std::uint32_t i = 0; i < n; ++i) dates.push_back(r.u32(date_field));
    if (!std::is_sorted(dates.begin(), dates.end()))
        diag.warn(r.name() + ": " + std::string(date_field) +
                  " are not in ascending order (MS-OXOCAL 2.2.1.44.1); accepted");
    return dates;
}

bool is_known_pattern_type(std::uint16_t v) {
    switch (static_cast<PatternType>(v)) {
        case PatternType::Day:
        case PatternType::Week:
        case PatternType::Month:
        case PatternType::MonthNth:
        case PatternType::MonthEnd:
        case PatternType::HjMonth:
        case PatternType::HjMonthNth:
        case PatternType::HjMonthEnd:
            return true;
    }
    return false;
}

RecurrencePattern read_pattern(BlobReader& r, Diagnostics& diag) {
    RecurrencePattern p;
    // MS-OXOCAL 2.2.1.44.1: ReaderVersion and WriterVersion MUST be 0x3004.
    const std::size_t version_at = r.offset();
    p.reader_version = r.u16("ReaderVersion");
    if (p.reader_version != kRecurReaderVersion)
        fail_at(r, version_at,
                "ReaderVersion " + hex(p.reader_version, 4) + " is not 0x3004 (not a recurrence pattern)");
    p.writer_version = r.u16("WriterVersion");
    if (p.writer_version != kRecurWriterVersion)
        diag.warn(r.name() + ": WriterVersion " + hex(p.writer_version, 4) + " (expected 0x3004); accepted");
    p.frequency = static_cast<RecurFrequency>(r.u16("RecurFrequency"));
    const std::size_t pattern_type_at = r.offset();
    const std::uint16_t pattern_type = r.u16("PatternType");
    if (!is_known_pattern_type(pattern_type))
        fail_at(r, pattern_type_at, "unknown PatternType " + hex(pattern_type, 4));
    p.pattern_type = static_cast<PatternType>(pattern_type);
    p.calendar_type = static_cast<CalendarType>(r.u16("CalendarType"));
    p.first_date_time = r.u32("FirstDateTime");
    p.period = r.u32("Period");
    p.sliding_flag = r.u32("SlidingFlag");

    // PatternTypeSpecific: 0, 4 or 8 bytes depending on PatternType (2.2.1.44.1.3-6).
    switch (p.pattern_type) {
        case PatternType::Day:
            break;
        case PatternType::Week:
            p.day_mask = r.u32("PatternTypeSpecific.Week");
            break;
        case PatternType::Month:
        case PatternType::MonthEnd:
        case PatternType::HjMonth:
        case PatternType::HjMonthEnd:
            p.day_of_month = r.u32("PatternTypeSpecific.Month.Day");
            break;
        case PatternType::MonthNth:
        case PatternType::HjMonthNth:
            p.day_mask = r.u32("PatternTypeSpecific.MonthNth.Days");
            p.nth = r.u32("PatternTypeSpecific.MonthNth.N");
            break;
    }

    p.end_type = static_cast<EndType>(r.u32("EndType"));
    p.occurrence_count = r.u32("OccurrenceCount");
    p.first_dow = r.u32("FirstDOW");
    p.deleted_instance_dates = read_dates(r, "DeletedInstanceCount", "DeletedInstanceDates", diag);
    p.modified_instance_dates = read_dates(r, "ModifiedInstanceCount", "ModifiedInstanceDates", diag);
    // ModifiedInstanceDates holds the dates modified occurrences now fall on (MS-OXOCAL
    // 3.1.4.6), so an occurrence moved to another day is not in DeletedInstanceDates.
    p.start_date = r.u32("StartDate");
    p.end_date = r.u32("EndDate");
    return p;
}

// An 8-bit string with its two lengths (2.2.1.44.2: Length = Length2 + 1).
std::string read_ansi_string(BlobReader& r, std::string_view length_field, std::string_view length2_field,
                             std::string_view field, Diagnostics& diag) {
    const std::uint16_t length = r.u16(length_field);
    const std::uint16_t length2 = r.u16(length2_field);
    if (length != length2 + 1)
        diag.warn(r.name() + ": " + std::string(length_field) + " " + std::to_string(length) + " is not " +
                  std::string(length2_field) + " + 1 (" + std::to_string(length2) + "); used " +
                  std::string(length2_field));
    return utf8_from_windows1252(r.bytes(length2, field));
}

ExceptionInfo read_exception_info(BlobReader& r, Diagnostics& diag) {
    ExceptionInfo e;
    e.start = r.u32("ExceptionInfo.StartDateTime");
    e.end = r.u32("ExceptionInfo.EndDateTime");
    e.original_start = r.u32("ExceptionInfo.OriginalStartTime");
    e.override_flags = r.u16("ExceptionInfo.OverrideFlags");
    if (e.override_flags & ~0x03FFu)
        diag.warn(r.name() + ": ExceptionInfo.OverrideFlags " + hex(e.override_flags, 4) +
                  " has unknown bits; kept");
    // The optional fields follow in this order, each present only when its flag is set.
    if (e.has(ARO_SUBJECT))
        e.subject = read_ansi_string(r, "ExceptionInfo.SubjectLength", "ExceptionInfo.SubjectLength2",
                                     "ExceptionInfo.Subject", diag);
    if (e.has(ARO_MEETINGTYPE)) e.meeting_type = r.u32("ExceptionInfo.MeetingType");
    if (e.has(ARO_REMINDERDELTA)) e.reminder_delta = r.i32("ExceptionInfo.ReminderDelta");
    if (e.has(ARO_REMINDER)) e.reminder_set = r.u32("ExceptionInfo.ReminderSet") != 0;
    if (e.has(ARO_LOCATION))
        e.location = read_ansi_string(r, "ExceptionInfo.LocationLength", "ExceptionInfo.LocationLength2",
                                      "ExceptionInfo.Location", diag);
    if (e.has(ARO_BUSYSTATUS)) e.busy_status = r.u32("ExceptionInfo.BusyStatus");
    if (e.has(ARO_ATTACHMENT)) e.attachment = r.u32("ExceptionInfo.Attachment") != 0;
    if (e.has(ARO_SUBTYPE)) e.subtype = r.u32("ExceptionInfo.SubType") != 0;
    if (e.has(ARO_APPTCOLOR)) e.appointment_color = r.u32("ExceptionInfo.AppointmentColor");
    return e;
}

void skip_reserved_block(BlobReader& r, std::string_view size_field, std::string_view field, Diagnostics& diag) {
    const std::uint32_t size = r.u32(size_field);
    if (size == 0) return;
    r.skip(size, field);
    diag.warn(r.name() + ": " + std::string(size_field) + " is " + std::to_string(size) +
              " (MS-OXOCAL says 0); skipped");
}

std::string read_wide_string(BlobReader& r, std::string_view length_field, std::string_view field) {
    const std::uint16_t chars = r.u16(length_field);
    return utf8_from_utf16le(r.bytes(static_cast<std::size_t>(chars) * 2, field));
}

// MS-OXOCAL 2.2.1.44.4, merged into the ExceptionInfo it follows.
void read_extended_exception(BlobReader& r, std::uint32_t writer_version2, ExceptionInfo& e, Diagnostics& diag) {
    if (writer_version2 >= 0x3009) {
        // ChangeHighlight (2.2.1.44.3): Size counts the Value and any reserved bytes after it.
        const std::uint32_t size = r.u32("ExtendedException.ChangeHighlightSize");
        if (size >= 4) {
            e.change_highlight = r.u32("ExtendedException.ChangeHighlightValue");
            r.skip(size - 4, "ExtendedException.ChangeHighlight.Reserved");
        } else {
            r.skip(size, "ExtendedException.ChangeHighlight");
            diag.warn(r.name() + ": ChangeHighlightSize " + std::to_string(size) + " holds no value; ignored");
        }
    }
    skip_reserved_block(r, "ExtendedException.ReservedBlockEE1Size", "ExtendedException.ReservedBlockEE1", diag);
    if (!e.has(ARO_SUBJECT) && !e.has(ARO_LOCATION)) return;

    const std::uint32_t start = r.u32("ExtendedException.StartDateTime");
    const std::uint32_t end = r.u32("ExtendedException.EndDateTime");
    const std::uint32_t original_start = r.u32("ExtendedException.OriginalStartDate");
    if (start != e.start || end != e.end || original_start != e.original_start)
        diag.warn(r.name() + ": ExtendedException times differ from its ExceptionInfo; used the ExceptionInfo's");
    // The Unicode strings replace the 8-bit ones, which lose characters outside the code
    // page - unless the Unicode one is empty and the 8-bit one is not (kept, with a warning).
    auto prefer_wide = [&](std::optional<std::string>& text, std::string wide, const char* what) {
        if (wide.empty() && text && !text->empty()) {
            diag.warn(r.name() + ": ExtendedException " + what + " is empty but the 8-bit one is not; kept the 8-bit one");
            return;
        }
        text = std::move(wide);
    };
    if (e.has(ARO_SUBJECT))
        prefer_wide(e.subject,
                    read_wide_string(r, "ExtendedException.WideCharSubjectLength", "ExtendedException.WideCharSubject"),
                    "WideCharSubject");
    if (e.has(ARO_LOCATION))
        prefer_wide(e.location,
                    read_wide_string(r, "ExtendedException.WideCharLocationLength", "ExtendedException.WideCharLocation"),
                    "WideCharLocation");
    skip_reserved_block(r, "ExtendedException.ReservedBlockEE2Size", "ExtendedException.ReservedBlockEE2", diag);
}

AppointmentRecurrence read_appointment_recurrence(BlobReader& r, Diagnostics& diag) {
    AppointmentRecurrence a;
    a.pattern = read_pattern(r, diag);
    const std::size_t version2_at = r.offset();
    a.reader_version2 = r.u32("ReaderVersion2");
    if (a.reader_version2 != kRecurReaderVersion2)
        fail_at(r, version2_at, "ReaderVersion2 " + hex(a.reader_version2, 8) + " is not 0x00003006");
    a.writer_version2 = r.u32("WriterVersion2");
    if (a.writer_version2 != 0x3008 && a.writer_version2 != 0x3009)
        diag.warn(r.name() + ": WriterVersion2 " + hex(a.writer_version2, 8) +
                  " (expected 0x00003008 or 0x00003009); accepted");
    a.start_time_offset = r.u32("StartTimeOffset");
    a.end_time_offset = r.u32("EndTimeOffset");

    const std::uint16_t exception_count = r.u16("ExceptionCount");
    constexpr std::size_t kMinExceptionInfo = 14;  // three times and the flags
    if (static_cast<std::size_t>(exception_count) * kMinExceptionInfo > r.remaining())
        r.fail("truncated: ExceptionInfo needs at least " + std::to_string(exception_count * kMinExceptionInfo) +
               " bytes (ExceptionCount " + std::to_string(exception_count) + "), " + std::to_string(r.remaining()) +
               " left");
    if (exception_count != a.pattern.modified_instance_dates.size())
        diag.warn(r.name() + ": ExceptionCount " + std::to_string(exception_count) +
                  " differs from ModifiedInstanceCount " +
                  std::to_string(a.pattern.modified_instance_dates.size()) +
                  " (MS-OXOCAL 2.2.1.44.5); each exception keeps its own original start");
    a.exceptions.reserve(exception_count);
    for (std::uint16_t i = 0; i < exception_count; ++i) a.exceptions.push_back(read_exception_info(r, diag));

    skip_reserved_block(r, "ReservedBlock1Size", "ReservedBlock1", diag);
    for (ExceptionInfo& e : a.exceptions) read_extended_exception(r, a.writer_version2, e, diag);
    skip_reserved_block(r, "ReservedBlock2Size", "ReservedBlock2", diag);
    if (!r.at_end())
        diag.warn(r.name() + ": " + std::to_string(r.remaining()) + " bytes after ReservedBlock2 at byte " +
                  std::to_string(r.offset()) + "; ignored");
    return a;
}

}  // namespace

RecurrencePattern parse_recurrence_pattern(BlobReader& reader, Diagnostics& diagnostics) {
    return read_pattern(reader, diagnostics);
}

RecurrencePattern parse_recurrence_pattern(BlobReader& reader) {
    Diagnostics ignored;
    return read_pattern(reader, ignored);
}

AppointmentRecurrence parse_appointment_recurrence(std::span<const std::uint8_t> blob, Diagnostics& diagnostics) {
    BlobReader reader(blob, kBlobName);
    return read_appointment_recurrence(reader, diagnostics);
}

AppointmentRecurrence parse_appointment_recurrence(std::span<const std::uint8_t> blob) {
    Diagnostics ignored;
    return parse_appointment_recurrence(blob, ignored);
}

}  // namespace calbridge::mapi
