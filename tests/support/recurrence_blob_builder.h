#pragma once
// Test helper (header-only): writes valid PidLidAppointmentRecur / PidLidTaskRecurrence blobs
// per MS-OXOCAL 2.2.1.44 from the parsed structs of converters/mapi/recurrence, so tests of
// any area can build recurrences with every field an exception can override.
//
//   using namespace calbridge::testing::recur;
//   auto p = weekly_pattern({2007, 3, 26}, day_bit::Monday | day_bit::Thursday, 1);
//   end_after_occurrences(p, 12, {2007, 4, 20});
//   AppointmentRecurrence a{.pattern = p, .start_time_offset = 600, .end_time_offset = 630};
//   Bytes blob = build_appointment_recurrence(a);
//
// The writer follows the struct as given (it does not check it), except that OverrideFlags
// gets the ARO_* bit of every optional field that is set, so a test only sets the fields.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "converters/mapi/recurrence/recurrence_blob.h"
#include "converters/mapi/time_units.h"

namespace calbridge::testing::recur {

using mapi::AppointmentRecurrence;
using mapi::CivilDateTime;
using mapi::ExceptionInfo;
using mapi::RecurrencePattern;
namespace day_bit = mapi::day_bit;
using Bytes = std::vector<std::uint8_t>;

// ---- small utilities ---------------------------------------------------------------------

inline Bytes from_hex(std::string_view hex) {
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    Bytes out;
    int high = -1;
    for (char c : hex) {
        const int n = nibble(c);
        if (n < 0) continue;  // spaces, line breaks
        if (high < 0) {
            high = n;
        } else {
            out.push_back(static_cast<std::uint8_t>(high * 16 + n));
            high = -1;
        }
    }
    if (high >= 0) throw std::invalid_argument("from_hex: odd number of hex digits");
    return out;
}

// MAPI minutes (local wall clock) of a civil date-time.
inline std::uint32_t minutes(int y, int m, int d, int hour = 0, int minute = 0) {
    return mapi::mapi_minutes_from_civil({y, m, d, hour, minute, 0});
}
inline std::uint32_t minutes(const CivilDateTime& t) { return mapi::mapi_minutes_from_civil(t); }

// Decodes UTF-8 into code points (no validation beyond what tests need).
inline std::u32string code_points(std::string_view utf8) {
    std::u32string out;
    for (std::size_t i = 0; i < utf8.size();) {
        const auto b = static_cast<unsigned char>(utf8[i]);
        int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
        for (int k = 1; k < len && i + k < utf8.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
        out.push_back(cp);
        i += len;
    }
    return out;
}

inline Bytes utf16le_from_utf8(std::string_view utf8) {
    Bytes out;
    auto unit = [&](char32_t u) {
        out.push_back(static_cast<std::uint8_t>(u & 0xFF));
        out.push_back(static_cast<std::uint8_t>((u >> 8) & 0xFF));
    };
    for (char32_t cp : code_points(utf8)) {
        if (cp >= 0x10000) {
            cp -= 0x10000;
            unit(0xD800 + (cp >> 10));
            unit(0xDC00 + (cp & 0x3FF));
        } else {
            unit(cp);
        }
    }
    return out;
}

// UTF-8 -> Windows-1252; characters 1252 lacks become '?' (as Outlook's 8-bit copy does).
inline Bytes windows1252_from_utf8(std::string_view utf8) {
    static constexpr char16_t kHigh[32] = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                           0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                                           0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                           0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
    Bytes out;
    for (char32_t cp : code_points(utf8)) {
        if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) {
            out.push_back(static_cast<std::uint8_t>(cp));
            continue;
        }
        std::uint8_t b = '?';
        for (int i = 0; i < 32; ++i)
            if (kHigh[i] == cp) b = static_cast<std::uint8_t>(0x80 + i);
        out.push_back(b);
    }
    return out;
}

// ---- FirstDateTime, MS-OXOCAL 2.2.1.44.1.1 ---------------------------------------------------

inline std::uint32_t first_date_time(const RecurrencePattern& p) {
    using mapi::PatternType;
    switch (p.pattern_type) {
        case PatternType::Day:
            return p.period ? p.start_date % p.period : 0;
        case PatternType::Week: {
            // Midnight of the first day (FirstDOW) of the week holding StartDate, modulo the
            // minutes of Period weeks.
            const CivilDateTime s = mapi::civil_from_mapi_minutes(p.start_date);
            const int back = (mapi::weekday(s.year, s.month, s.day) - static_cast<int>(p.first_dow) + 7) % 7;
            const std::uint32_t week_start = p.start_date - static_cast<std::uint32_t>(back) * 1440;
            return p.period ? week_start % (10080 * p.period) : 0;
        }
        default: {
            // Months from January 1601 to StartDate's month, modulo Period, as the minutes to
            // the first day of that month counted from 1601-01-01.
            const CivilDateTime s = mapi::civil_from_mapi_minutes(p.start_date);
            const std::uint32_t months = static_cast<std::uint32_t>((s.year - 1601) * 12 + (s.month - 1));
            const std::uint32_t m = p.period ? months % p.period : 0;
            return minutes(1601 + static_cast<int>(m / 12), static_cast<int>(m % 12) + 1, 1);
        }
    }
}

// ---- pattern factories (RecurFrequency, PatternType, Period and FirstDateTime filled in) ----

inline RecurrencePattern base_pattern(mapi::RecurFrequency f, mapi::PatternType t, const CivilDateTime& start,
                                      std::uint32_t period, std::uint32_t first_dow) {
    RecurrencePattern p;
    p.frequency = f;
    p.pattern_type = t;
    p.period = period;
    p.first_dow = first_dow;
    p.start_date = minutes(start.year, start.month, start.day);
    p.end_type = mapi::EndType::NeverEnd;
    p.occurrence_count = 10;  // what Outlook writes for a series without end
    p.end_date = mapi::kNeverEndDate;
    p.first_date_time = first_date_time(p);
    return p;
}

inline RecurrencePattern daily_pattern(const CivilDateTime& start, std::uint32_t every_days = 1) {
    return base_pattern(mapi::RecurFrequency::Daily, mapi::PatternType::Day, start, every_days * 1440, 0);
}
inline RecurrencePattern weekly_pattern(const CivilDateTime& start, std::uint32_t day_mask,
                                        std::uint32_t every_weeks = 1, std::uint32_t first_dow = 0) {
    auto p = base_pattern(mapi::RecurFrequency::Weekly, mapi::PatternType::Week, start, every_weeks, first_dow);
    p.day_mask = day_mask;
    return p;
}
// "Every weekday": RecurFrequency Daily with a Week pattern and the Mo-Fr mask.
inline RecurrencePattern every_weekday_pattern(const CivilDateTime& start) {
    auto p = base_pattern(mapi::RecurFrequency::Daily, mapi::PatternType::Week, start, 1, 0);
    p.day_mask = day_bit::Weekdays;
    return p;
}
inline RecurrencePattern monthly_pattern(const CivilDateTime& start, std::uint32_t day, std::uint32_t every_months = 1) {
    auto p = base_pattern(mapi::RecurFrequency::Monthly, mapi::PatternType::Month, start, every_months, 0);
    p.day_of_month = day;
    return p;
}
inline RecurrencePattern monthly_nth_pattern(const CivilDateTime& start, std::uint32_t day_mask, std::uint32_t nth,
                                             std::uint32_t every_months = 1) {
    auto p = base_pattern(mapi::RecurFrequency::Monthly, mapi::PatternType::MonthNth, start, every_months, 0);
    p.day_mask = day_mask;
    p.nth = nth;
    return p;
}
inline RecurrencePattern month_end_pattern(const CivilDateTime& start, std::uint32_t every_months = 1) {
    auto p = base_pattern(mapi::RecurFrequency::Monthly, mapi::PatternType::MonthEnd, start, every_months, 0);
    p.day_of_month = 31;
    return p;
}
inline RecurrencePattern yearly_pattern(const CivilDateTime& start, std::uint32_t day, std::uint32_t every_years = 1) {
    auto p = base_pattern(mapi::RecurFrequency::Yearly, mapi::PatternType::Month, start, 12 * every_years, 0);
    p.day_of_month = day;
    return p;
}
inline RecurrencePattern yearly_nth_pattern(const CivilDateTime& start, std::uint32_t day_mask, std::uint32_t nth,
                                            std::uint32_t every_years = 1) {
    auto p = base_pattern(mapi::RecurFrequency::Yearly, mapi::PatternType::MonthNth, start, 12 * every_years, 0);
    p.day_mask = day_mask;
    p.nth = nth;
    return p;
}

inline void end_after_occurrences(RecurrencePattern& p, std::uint32_t count, const CivilDateTime& last_day) {
    p.end_type = mapi::EndType::AfterNOccurrences;
    p.occurrence_count = count;
    p.end_date = minutes(last_day.year, last_day.month, last_day.day);
}
inline void end_by_date(RecurrencePattern& p, const CivilDateTime& last_day, std::uint32_t count) {
    p.end_type = mapi::EndType::AfterDate;
    p.occurrence_count = count;
    p.end_date = minutes(last_day.year, last_day.month, last_day.day);
}
inline void never_end(RecurrencePattern& p, bool legacy = false) {
    p.end_type = legacy ? mapi::EndType::NeverEndLegacy : mapi::EndType::NeverEnd;
    p.occurrence_count = 10;
    p.end_date = mapi::kNeverEndDate;
}

// ---- the writer ----------------------------------------------------------------------------

// Per-exception choices for what the two string encodings hold; defaults: both the UTF-8
// subject/location of the ExceptionInfo (8-bit copy through Windows-1252).
struct ExceptionText {
    std::optional<std::string> ansi_subject, wide_subject, ansi_location, wide_location;
};

struct BuildOptions {
    std::vector<ExceptionText> texts;  // by exception index; missing entries use the defaults
    Bytes reserved_block1, reserved_block2, trailing;
};

class BlobWriter {
public:
    void u8(std::uint8_t v) { out_.push_back(v); }
    void u16(std::uint16_t v) {
        u8(static_cast<std::uint8_t>(v));
        u8(static_cast<std::uint8_t>(v >> 8));
    }
    void u32(std::uint32_t v) {
        u16(static_cast<std::uint16_t>(v));
        u16(static_cast<std::uint16_t>(v >> 16));
    }
    void bytes(const Bytes& b) { out_.insert(out_.end(), b.begin(), b.end()); }
    Bytes take() { return std::move(out_); }

private:
    Bytes out_;
};

inline void write_recurrence_pattern(BlobWriter& w, const RecurrencePattern& p) {
    using mapi::PatternType;
    w.u16(p.reader_version);
    w.u16(p.writer_version);
    w.u16(static_cast<std::uint16_t>(p.frequency));
    w.u16(static_cast<std::uint16_t>(p.pattern_type));
    w.u16(static_cast<std::uint16_t>(p.calendar_type));
    w.u32(p.first_date_time);
    w.u32(p.period);
    w.u32(p.sliding_flag);
    switch (p.pattern_type) {
        case PatternType::Day:
            break;
        case PatternType::Week:
            w.u32(p.day_mask);
            break;
        case PatternType::MonthNth:
        case PatternType::HjMonthNth:
            w.u32(p.day_mask);
            w.u32(p.nth);
            break;
        default:
            w.u32(p.day_of_month);
            break;
    }
    w.u32(static_cast<std::uint32_t>(p.end_type));
    w.u32(p.occurrence_count);
    w.u32(p.first_dow);
    w.u32(static_cast<std::uint32_t>(p.deleted_instance_dates.size()));
    for (auto d : p.deleted_instance_dates) w.u32(d);
    w.u32(static_cast<std::uint32_t>(p.modified_instance_dates.size()));
    for (auto d : p.modified_instance_dates) w.u32(d);
    w.u32(p.start_date);
    w.u32(p.end_date);
}

inline Bytes build_recurrence_pattern(const RecurrencePattern& p) {
    BlobWriter w;
    write_recurrence_pattern(w, p);
    return w.take();
}

inline std::uint16_t effective_flags(const ExceptionInfo& e) {
    using namespace mapi;
    std::uint16_t f = e.override_flags;
    if (e.subject) f |= ARO_SUBJECT;
    if (e.meeting_type) f |= ARO_MEETINGTYPE;
    if (e.reminder_delta) f |= ARO_REMINDERDELTA;
    if (e.reminder_set) f |= ARO_REMINDER;
    if (e.location) f |= ARO_LOCATION;
    if (e.busy_status) f |= ARO_BUSYSTATUS;
    if (e.attachment) f |= ARO_ATTACHMENT;
    if (e.subtype) f |= ARO_SUBTYPE;
    if (e.appointment_color) f |= ARO_APPTCOLOR;
    return f;
}

inline Bytes build_appointment_recurrence(const AppointmentRecurrence& a, const BuildOptions& options = {}) {
    using namespace mapi;
    BlobWriter w;
    write_recurrence_pattern(w, a.pattern);
    w.u32(a.reader_version2);
    w.u32(a.writer_version2);
    w.u32(a.start_time_offset);
    w.u32(a.end_time_offset);
    w.u16(static_cast<std::uint16_t>(a.exceptions.size()));

    auto text = [&](std::size_t i) { return i < options.texts.size() ? options.texts[i] : ExceptionText{}; };
    auto ansi = [&](BlobWriter& out, const std::string& s) {
        const Bytes b = windows1252_from_utf8(s);
        out.u16(static_cast<std::uint16_t>(b.size() + 1));  // SubjectLength = SubjectLength2 + 1
        out.u16(static_cast<std::uint16_t>(b.size()));
        out.bytes(b);
    };
    auto wide = [&](BlobWriter& out, const std::string& s) {
        const Bytes b = utf16le_from_utf8(s);
        out.u16(static_cast<std::uint16_t>(b.size() / 2));
        out.bytes(b);
    };

    // ExceptionInfo (2.2.1.44.2), fields in their fixed order.
    for (std::size_t i = 0; i < a.exceptions.size(); ++i) {
        const ExceptionInfo& e = a.exceptions[i];
        const std::uint16_t flags = effective_flags(e);
        const ExceptionText t = text(i);
        w.u32(e.start);
        w.u32(e.end);
        w.u32(e.original_start);
        w.u16(flags);
        if (flags & ARO_SUBJECT) ansi(w, t.ansi_subject.value_or(e.subject.value_or("")));
        if (flags & ARO_MEETINGTYPE) w.u32(e.meeting_type.value_or(0));
        if (flags & ARO_REMINDERDELTA) w.u32(static_cast<std::uint32_t>(e.reminder_delta.value_or(0)));
        if (flags & ARO_REMINDER) w.u32(e.reminder_set.value_or(false) ? 1 : 0);
        if (flags & ARO_LOCATION) ansi(w, t.ansi_location.value_or(e.location.value_or("")));
        if (flags & ARO_BUSYSTATUS) w.u32(e.busy_status.value_or(0));
        if (flags & ARO_ATTACHMENT) w.u32(e.attachment.value_or(false) ? 1 : 0);
        if (flags & ARO_SUBTYPE) w.u32(e.subtype.value_or(false) ? 1 : 0);
        if (flags & ARO_APPTCOLOR) w.u32(e.appointment_color.value_or(0));
    }
    w.u32(static_cast<std::uint32_t>(options.reserved_block1.size()));
    w.bytes(options.reserved_block1);

    // ExtendedException (2.2.1.44.4), one per ExceptionInfo, same order.
    for (std::size_t i = 0; i < a.exceptions.size(); ++i) {
        const ExceptionInfo& e = a.exceptions[i];
        const std::uint16_t flags = effective_flags(e);
        const ExceptionText t = text(i);
        if (a.writer_version2 >= 0x3009) {
            w.u32(4);  // ChangeHighlightSize
            w.u32(e.change_highlight.value_or(0));
        }
        w.u32(0);  // ReservedBlockEE1Size
        if (flags & (ARO_SUBJECT | ARO_LOCATION)) {
            w.u32(e.start);
            w.u32(e.end);
            w.u32(e.original_start);
            if (flags & ARO_SUBJECT) wide(w, t.wide_subject.value_or(e.subject.value_or("")));
            if (flags & ARO_LOCATION) wide(w, t.wide_location.value_or(e.location.value_or("")));
            w.u32(0);  // ReservedBlockEE2Size
        }
    }
    w.u32(static_cast<std::uint32_t>(options.reserved_block2.size()));
    w.bytes(options.reserved_block2);
    w.bytes(options.trailing);
    return w.take();
}

}  // namespace calbridge::testing::recur
