// libFuzzer target: the recurrence blob parser (MS-OXOCAL 2.2.1.44) and, when a blob parses,
// the RRULE builder. Both must either succeed or throw their documented errors (BlobError,
// RecurrenceError); anything else - a crash, a sanitizer report, another exception - is a bug.
// Seeds: tests/fuzz/corpus/recurrence_blob/ (the MS-OXOCAL section 4 vectors and builder output).
#include <cstddef>
#include <cstdint>
#include <span>

#include "converters/mapi/blob_reader.h"
#include "converters/mapi/diagnostics.h"
#include "converters/mapi/recurrence/recurrence_blob.h"
#include "converters/mapi/recurrence/recurrence_rule.h"

using namespace calbridge::mapi;

namespace {

void build_rule(const RecurrencePattern& pattern, Diagnostics& diag) {
    try {
        const RRule rule = rrule_from_pattern(pattern, diag);
        (void)rule.to_string();
        (void)rule.to_string("20240101T000000Z");
    } catch (const RecurrenceError&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> bytes(data, size);
    Diagnostics diag;
    try {
        const AppointmentRecurrence recurrence = parse_appointment_recurrence(bytes, diag);
        build_rule(recurrence.pattern, diag);
    } catch (const BlobError&) {
    }
    // The same bytes as a task's PidLidTaskRecurrence (a RecurrencePattern alone).
    try {
        BlobReader reader(bytes, "PidLidTaskRecurrence");
        build_rule(parse_recurrence_pattern(reader, diag), diag);
    } catch (const BlobError&) {
    }
    return 0;
}
