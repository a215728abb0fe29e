// libFuzzer target for the time-zone blobs (MS-OXOCAL 2.2.1.39 TZREG, 2.2.1.41 TZDEFINITION).
// The first byte selects the parser (even: TZREG, odd: TZDEFINITION); the rest is the blob.
// Whatever parses is built into a TimeZone and exercised: conversions both ways on a few dates,
// transitions, and a VTIMEZONE for 2000..2030. BlobError is the only exception allowed.
#include <cstddef>
#include <cstdint>
#include <span>

#include "converters/mapi/timezone/time_zone.h"

using namespace calbridge::mapi;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const bool definition = (data[0] & 1) != 0;
    const std::span<const std::uint8_t> blob(data + 1, size - 1);
    try {
        // A fixed reference year keeps runs reproducible.
        const TimeZone tz = definition ? TimeZone::from_definition(parse_tzdefinition(blob))
                                       : TimeZone::from_tzreg(parse_tzreg(blob), "(UTC) fuzz", 2021);
        static const CivilDateTime kDates[] = {
            {2021, 3, 14, 2, 30, 0}, {2021, 11, 7, 1, 30, 0}, {1999, 12, 31, 23, 59, 59}, {2030, 6, 1, 12, 0, 0},
            {1601, 1, 1, 0, 0, 0},   {9999, 12, 31, 0, 0, 0},
        };
        for (const auto& local : kDates) {
            const std::int64_t t = tz.to_unix(local);
            const CivilDateTime back = tz.to_local(t);
            // to_local(to_unix(x)) is x except in a gap, no wider than the offsets' spread
            // (each offset is within +-24 h).
            const std::int64_t drift = unix_from_civil(back) - unix_from_civil(local);
            if (drift < -2 * 86400 || drift > 2 * 86400) __builtin_trap();
        }
        (void)tz.transitions(unix_from_civil({2020, 1, 1, 0, 0, 0}), unix_from_civil({2022, 1, 1, 0, 0, 0}));
        (void)tz.tzid();
        auto vtimezone = tz.to_vtimezone(2000, 2030);
        if (!vtimezone) __builtin_trap();
    } catch (const BlobError&) {
    }
    return 0;
}
