#include "gateway/cli/appointment_json.h"

#include <cstdio>

namespace calbridge::cli {

namespace {
std::string iso_date(const mapi::CivilDateTime& t) {
    char b[16];
    std::snprintf(b, sizeof b, "%04d-%02d-%02d", t.year, t.month, t.day);
    return b;
}

std::string iso_utc(std::int64_t unix_seconds) {
    mapi::CivilDateTime t = mapi::civil_from_unix(unix_seconds);
    char b[32];
    std::snprintf(b, sizeof b, "%04d-%02d-%02dT%02d:%02d:%02dZ", t.year, t.month, t.day, t.hour, t.minute, t.second);
    return b;
}

const char* end_type_name(mapi::EndType t) {
    switch (t) {
        case mapi::EndType::AfterDate: return "date";
        case mapi::EndType::AfterNOccurrences: return "count";
        default: return "never";
    }
}
}  // namespace

nlohmann::json appointment_facts(const mapi::Appointment& a) {
    nlohmann::json j;
    j["uid"] = a.uid;
    j["subject"] = a.subject;
    j["all_day"] = a.all_day;
    j["tzid"] = a.start_zone ? nlohmann::json(a.start_zone->tzid()) : nlohmann::json("UTC");
    j["start_whole_utc"] = iso_utc(a.start_utc);
    j["end_whole_utc"] = iso_utc(a.end_utc);
    if (!a.recurrence) {
        j["recurrence"] = nullptr;
        return j;
    }
    const auto& r = *a.recurrence;
    nlohmann::json rec;
    rec["end_type"] = end_type_name(r.pattern.end_type);
    rec["occurrence_count"] = r.pattern.occurrence_count;
    rec["end_date"] = iso_date(mapi::civil_from_mapi_minutes(r.pattern.end_date));
    rec["start_date"] = iso_date(mapi::civil_from_mapi_minutes(r.pattern.start_date));
    rec["start_time_offset_minutes"] = r.start_time_offset;
    // The blob's own lists (MS-OXOCAL 2.2.1.44.1): DeletedInstanceDates holds the original
    // dates of deleted and of moved occurrences, ModifiedInstanceDates the new dates.
    rec["deleted_dates"] = nlohmann::json::array();
    for (std::uint32_t d : r.pattern.deleted_instance_dates)
        rec["deleted_dates"].push_back(iso_date(mapi::civil_from_mapi_minutes(d)));
    rec["modified_dates"] = nlohmann::json::array();
    for (std::uint32_t d : r.pattern.modified_instance_dates)
        rec["modified_dates"].push_back(iso_date(mapi::civil_from_mapi_minutes(d)));
    j["recurrence"] = rec;
    return j;
}

}  // namespace calbridge::cli
