#pragma once
// xs:dateTime / xs:date as EWS carries them. Clients send offsets ("2026-03-02T10:00:00+01:00");
// Exchange answers in UTC with a Z and no fractional seconds, the only form exchangelib 4.9.0
// parses (ews/research/exchangelib-against-a-stand-in.md, pitfall 3).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace calbridge::ews_standin {

// Unix seconds of an xs:dateTime; a missing offset is read as UTC. nullopt when malformed.
std::optional<std::int64_t> parse_datetime(std::string_view text);
// "YYYY-MM-DDTHH:MM:SSZ"
std::string format_utc(std::int64_t unix_seconds);
// Days since 1970-01-01 of an xs:date ("2026-03-03" or "2026-03-03+01:00", the offset ignored).
std::optional<std::int64_t> parse_date_days(std::string_view text);
std::string format_date(std::int64_t days);  // "YYYY-MM-DD"

struct Civil {
    int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
};
Civil civil_from_unix(std::int64_t unix_seconds);

}  // namespace calbridge::ews_standin
