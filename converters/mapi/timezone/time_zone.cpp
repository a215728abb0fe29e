#include "converters/mapi/timezone/time_zone.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
#include <map>

#include "converters/ical/windows_zones.h"

namespace calbridge::mapi {

namespace {

constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;
constexpr std::int64_t kDay = 86400;
constexpr int kCacheFirstYear = 1970;  // switches precomputed for these years
constexpr int kCacheLastYear = 2100;

int clamp_year(std::int64_t y) { return static_cast<int>(std::clamp<std::int64_t>(y, kMinYear, kMaxYear)); }

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Day of the month a rule's SYSTEMTIME falls on in `year` (MS-OXOCAL 2.2.1.39): the wDay-th
// wDayOfWeek, 5 = the last; or, for an absolute date, wDay itself (clipped to the month).
int rule_day(const SystemTime& st, int year) {
    const int dim = days_in_month(year, st.month);
    if (st.year != 0) return std::min<int>(st.day, dim);
    const int first = 1 + (st.day_of_week - weekday(year, st.month, 1) + 7) % 7;
    int day = first + 7 * (st.day - 1);
    while (day > dim) day -= 7;
    return day;
}

// Seconds since 1970 of the rule date in `year`, as a wall-clock reading (not yet an instant).
std::int64_t rule_wall_seconds(const SystemTime& st, int year) {
    return days_from_civil(year, st.month, rule_day(st, year)) * kDay + st.hour * 3600 + st.minute * 60 +
           st.second;
}

std::int64_t year_start(int year) { return days_from_civil(year, 1, 1) * kDay; }

int civil_year_of(std::int64_t unix_seconds) { return civil_from_unix(unix_seconds).year; }

// The proleptic Gregorian year of an instant (the year part of H. Hinnant's civil_from_days),
// cheaper than a full civil_from_unix on the per-conversion path.
std::int64_t year_of_unix(std::int64_t unix_seconds) {
    const std::int64_t days = unix_seconds >= 0 ? unix_seconds / kDay : -((-unix_seconds + kDay - 1) / kDay);
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    return yoe + era * 400 + (mp >= 10 ? 1 : 0);
}

int current_utc_year() {
    const auto now = std::chrono::system_clock::now();
    return civil_year_of(std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
}

bool rule_switches(const TzReg& r) {
    return r.observes_dst() && r.standard_offset_minutes() != r.daylight_offset_minutes();
}

std::string format_offset(int minutes) {
    char buf[16];
    const int a = minutes < 0 ? -minutes : minutes;
    std::snprintf(buf, sizeof buf, "UTC%c%02d%02d", minutes < 0 ? '-' : '+', a / 60, a % 60);
    return buf;
}

// "M3.2.0/0200" (month.week.weekday/hhmm, week 5 = last) or "D3.14/0200" for an absolute date.
std::string format_date(const SystemTime& st) {
    char buf[40];
    if (st.year == 0)
        std::snprintf(buf, sizeof buf, "M%u.%u.%u/%02u%02u", unsigned{st.month}, unsigned{st.day},
                      unsigned{st.day_of_week}, unsigned{st.hour}, unsigned{st.minute});
    else
        std::snprintf(buf, sizeof buf, "D%u.%u/%02u%02u", unsigned{st.month}, unsigned{st.day}, unsigned{st.hour},
                      unsigned{st.minute});
    return buf;
}

// RRULE BYDAY weekday names, Sunday first like wDayOfWeek.
constexpr const char* kWeekdays[] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};

std::uint32_t fnv1a(std::uint32_t h, std::int64_t v) {
    for (int i = 0; i < 8; ++i) {
        h ^= static_cast<std::uint32_t>((v >> (8 * i)) & 0xFF);
        h *= 16777619u;
    }
    return h;
}

icaltimetype floating_time(const CivilDateTime& t) {
    icaltimetype out = icaltime_null_time();
    out.year = t.year;
    out.month = t.month;
    out.day = t.day;
    out.hour = t.hour;
    out.minute = t.minute;
    out.second = t.second;
    out.is_date = 0;
    return out;
}

std::string utc_stamp(std::int64_t unix_seconds) {
    const CivilDateTime t = civil_from_unix(unix_seconds);
    char buf[24];
    std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02dZ", t.year, t.month, t.day, t.hour, t.minute, t.second);
    return buf;
}

}  // namespace

// ---- construction ---------------------------------------------------------------------------

TimeZone TimeZone::from_eras(std::vector<TzRule> rules) {
    if (rules.empty()) throw BlobError("TZDEFINITION: no TZRule to build a time zone from");
    for (const auto& rule : rules)
        if (auto problem = tzreg_problem(rule.reg))
            throw BlobError("time zone rule for " + std::to_string(rule.year()) + ": " + *problem);
    // MS-OXOCAL 2.2.1.41.1: a rule holds from January 1 of its wYear until the next rule's.
    // Rules "should be sorted" (TZDEFINITION remarks): sort anyway; of two rules for one year,
    // the later one stored wins.
    std::stable_sort(rules.begin(), rules.end(), [](const TzRule& a, const TzRule& b) { return a.year() < b.year(); });
    TimeZone tz;
    for (const auto& rule : rules) {
        const int year = clamp_year(rule.year());
        if (!tz.eras_.empty() && tz.eras_.back().first_year == year) tz.eras_.pop_back();
        if (!tz.eras_.empty() && tz.eras_.back().rule == rule.reg) continue;  // same rule goes on
        Era era;
        era.first_year = year;
        era.rule = rule.reg;
        era.dst = rule_switches(rule.reg);
        era.begins = tz.eras_.empty() ? std::numeric_limits<std::int64_t>::min()
                                      : year_start(era.first_year) - era.rule.standard_offset_minutes() * 60LL;
        tz.eras_.push_back(era);
    }
    // Precompute the switches of the years conversions mostly ask about.
    for (std::size_t k = 0; k < tz.eras_.size(); ++k) {
        Era& era = tz.eras_[k];
        if (!era.dst) continue;
        const int from = std::max(k > 0 ? era.first_year : kCacheFirstYear, kCacheFirstYear);
        const int to = std::min(tz.era_last_year(k), kCacheLastYear);
        era.cached_from = from;
        for (int y = from; y <= to; ++y) era.cached.push_back(tz.switches(era, y));
    }
    tz.is_utc_ = std::all_of(tz.eras_.begin(), tz.eras_.end(), [](const Era& e) {
        return e.rule.standard_offset_minutes() == 0 && (!e.dst || e.rule.daylight_offset_minutes() == 0);
    });
    return tz;
}

TimeZone TimeZone::from_definition(const TimeZoneDefinition& definition) {
    TimeZone tz = from_eras(definition.rules);
    tz.windows_id_ = definition.key_name;
    if (!definition.key_name.empty()) {
        tz.tzid_ = ical::iana_from_windows(definition.key_name).value_or(definition.key_name);
        return tz;
    }
    const TzRule* effective = definition.effective_rule();
    const int year = effective && effective->year() >= 1900 && effective->year() <= 2200 ? effective->year()
                                                                                         : current_utc_year();
    tz.name_by_rules({}, year);
    return tz;
}

TimeZone TimeZone::from_tzreg(const TzReg& reg, std::string description, std::optional<int> reference_year) {
    TzRule rule;
    rule.reg = reg;
    TimeZone tz = from_eras({rule});
    tz.description_ = std::move(description);
    tz.name_by_rules(tz.description_, clamp_year(reference_year.value_or(current_utc_year())));
    return tz;
}

TimeZone TimeZone::utc() {
    TimeZone tz = from_eras({TzRule{}});
    tz.tzid_ = "UTC";
    tz.windows_id_ = "UTC";
    return tz;
}

void TimeZone::name_by_rules(std::string_view description, int year) {
    ical::OffsetYear observed;
    observed.year = year;
    observed.offset_at_start = offset_at(year_start(year));
    for (const auto& t : transitions(year_start(year), year_start(year + 1)))
        observed.changes.push_back({t.at, t.offset_after});
    if (auto windows = ical::windows_zone_matching(observed, description)) {
        windows_id_ = *windows;
        tzid_ = ical::iana_from_windows(*windows).value_or(*windows);
    } else {
        windows_id_.clear();
        tzid_ = synthetic_id();
    }
}

std::string TimeZone::synthetic_id() const {
    const TzReg& r = eras_.back().rule;
    std::string id = "Outlook " + format_offset(r.standard_offset_minutes());
    if (eras_.back().dst)
        id += " DST " + format_offset(r.daylight_offset_minutes()) + " " + format_date(r.daylight_date) + " " +
              format_date(r.standard_date);
    if (eras_.size() > 1) {
        std::uint32_t h = 2166136261u;
        for (const auto& e : eras_) {
            for (std::int64_t v : {std::int64_t{e.first_year}, std::int64_t{e.rule.bias},
                                   std::int64_t{e.rule.standard_bias}, std::int64_t{e.rule.daylight_bias}})
                h = fnv1a(h, v);
            for (const SystemTime* st : {&e.rule.standard_date, &e.rule.daylight_date})
                for (std::uint16_t v : {st->year, st->month, st->day_of_week, st->day, st->hour, st->minute, st->second})
                    h = fnv1a(h, v);
        }
        char buf[16];
        std::snprintf(buf, sizeof buf, " #%08x", h);
        id += buf;
    }
    return id;
}

// ---- the offset model ---------------------------------------------------------------------------

std::size_t TimeZone::era_index_at(std::int64_t unix_seconds) const {
    std::size_t k = eras_.size() - 1;
    while (k > 0 && unix_seconds < eras_[k].begins) --k;
    return k;
}

int TimeZone::era_last_year(std::size_t k) const {
    return k + 1 < eras_.size() ? eras_[k + 1].first_year - 1 : kMaxYear;
}

TimeZone::Switches TimeZone::switches(const Era& era, int year) const {
    const auto i = static_cast<std::size_t>(static_cast<unsigned>(year - era.cached_from));
    if (year >= era.cached_from && i < era.cached.size()) return era.cached[i];
    return {rule_wall_seconds(era.rule.daylight_date, year) - era.rule.standard_offset_minutes() * 60LL,
            rule_wall_seconds(era.rule.standard_date, year) - era.rule.daylight_offset_minutes() * 60LL};
}

TimeZone::State TimeZone::state_in_era(std::size_t k, std::int64_t t) const {
    const Era& era = eras_[k];
    const int standard = era.rule.standard_offset_minutes();
    if (!era.dst) return {standard, false};
    // The year whose switch dates apply: the year of local standard time, kept inside the era.
    int year = clamp_year(year_of_unix(t + standard * 60LL));
    if (k > 0) year = std::max(year, era.first_year);
    year = std::min(year, era_last_year(k));
    const Switches s = switches(era, year);
    const bool daylight = s.to_daylight < s.to_standard ? (t >= s.to_daylight && t < s.to_standard)
                                                        : (t < s.to_standard || t >= s.to_daylight);
    return {daylight ? era.rule.daylight_offset_minutes() : standard, daylight};
}

CivilDateTime TimeZone::to_local(std::int64_t unix_seconds) const {
    return civil_from_unix(unix_seconds + offset_at(unix_seconds) * 60LL);
}

std::int64_t TimeZone::to_unix(const CivilDateTime& local) const {
    const std::int64_t wall = unix_from_civil(local);
    if (eras_.size() == 1 && !eras_[0].dst) return wall - eras_[0].rule.standard_offset_minutes() * 60LL;
    // Every offset the zone can have near this wall time (offsets stay within +-24 h).
    int candidates[8] = {};
    std::size_t count = 0;
    auto add = [&](int offset) {
        if (std::find(candidates, candidates + count, offset) == candidates + count && count < std::size(candidates))
            candidates[count++] = offset;
    };
    const std::size_t first = era_index_at(wall - 2 * kDay), last = era_index_at(wall + 2 * kDay);
    for (std::size_t k = first; k <= last && count < std::size(candidates); ++k) {
        add(eras_[k].rule.standard_offset_minutes());
        if (eras_[k].dst) add(eras_[k].rule.daylight_offset_minutes());
    }
    // A reading is valid when the zone has that offset at the instant it names. Two valid
    // readings (an overlap): the one in daylight time, as Windows does; failing that the first.
    std::optional<std::int64_t> chosen;
    bool chosen_daylight = false;
    for (std::size_t i = 0; i < count; ++i) {
        const std::int64_t t = wall - candidates[i] * 60LL;
        const State state = state_at(t);
        if (state.offset != candidates[i]) continue;
        if (!chosen || (state.daylight && !chosen_daylight) || (state.daylight == chosen_daylight && t < *chosen)) {
            chosen = t;
            chosen_daylight = state.daylight;
        }
    }
    if (chosen) return *chosen;
    // None valid: a gap. Windows applies the daylight bias, i.e. the offset after the gap
    // (found at `wall - smallest offset`, which lies after the jump).
    const int smallest = *std::min_element(candidates, candidates + count);
    return wall - offset_at(wall - smallest * 60LL) * 60LL;
}

std::vector<TimeZone::Transition> TimeZone::transitions(std::int64_t from, std::int64_t to) const {
    std::vector<std::int64_t> candidates;
    if (from >= to) return {};
    const int first_year = clamp_year(std::int64_t{civil_year_of(from)} - 1);
    const int last_year = clamp_year(std::int64_t{civil_year_of(to)} + 1);
    for (std::size_t k = 0; k < eras_.size(); ++k) {
        const Era& era = eras_[k];
        if (k > 0) candidates.push_back(era.begins);
        // The offset can only change at a switch, where an era begins, or where the year whose
        // switch dates apply changes (local standard new year).
        const int lo = std::max(first_year, k > 0 ? era.first_year - 1 : kMinYear);
        const int hi = std::min(last_year, era_last_year(k) + 1);
        if (!era.dst) continue;
        for (int y = lo; y <= hi; ++y) {
            const Switches s = switches(era, y);
            candidates.push_back(s.to_daylight);
            candidates.push_back(s.to_standard);
            candidates.push_back(year_start(y) - era.rule.standard_offset_minutes() * 60LL);
        }
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    std::vector<Transition> out;
    for (std::int64_t at : candidates) {
        if (at < from || at >= to) continue;
        const int before = offset_at(at - 1), after = offset_at(at);
        if (before != after) out.push_back({at, before, after, is_daylight_at(at)});
    }
    return out;
}

// ---- VTIMEZONE ----------------------------------------------------------------------------------

namespace {

struct Observance {
    bool daylight = false;
    CivilDateTime start;       // local wall time in offset_from
    int offset_from = 0, offset_to = 0;
    std::string rrule;         // empty: a single change
};

icalcomponent* observance_component(const Observance& o) {
    icalcomponent* c = icalcomponent_new(o.daylight ? ICAL_XDAYLIGHT_COMPONENT : ICAL_XSTANDARD_COMPONENT);
    icalcomponent_add_property(c, icalproperty_new_dtstart(floating_time(o.start)));
    icalcomponent_add_property(c, icalproperty_new_tzoffsetfrom(o.offset_from * 60));
    icalcomponent_add_property(c, icalproperty_new_tzoffsetto(o.offset_to * 60));
    if (!o.rrule.empty()) icalcomponent_add_property(c, icalproperty_new_rrule(icalrecurrencetype_from_string(o.rrule.c_str())));
    return c;
}

// BYMONTH and BYDAY/BYMONTHDAY for a rule date (MS-OXOCAL 2.2.1.39: wDay 5 = last = -1).
std::string yearly_rule(const SystemTime& st) {
    std::string r = "FREQ=YEARLY;BYMONTH=" + std::to_string(st.month);
    if (st.year != 0) return r + ";BYMONTHDAY=" + std::to_string(st.day);
    return r + ";BYDAY=" + (st.day == 5 ? std::string("-1") : std::to_string(st.day)) + kWeekdays[st.day_of_week];
}

}  // namespace

ical::ComponentPtr TimeZone::to_vtimezone(int from_year, int to_year) const {
    if (from_year > to_year) std::swap(from_year, to_year);
    from_year = std::clamp(from_year, kMinYear + 1, kMaxYear - 1);
    to_year = std::clamp(to_year, from_year, kMaxYear - 1);

    // Every change from the start of from_year - 1 on, so the whole of from_year is described
    // whatever a reader assumes before the first observance.
    const std::int64_t begin = year_start(from_year - 1);
    const std::int64_t end = year_start(to_year + 1) + kDay;
    const std::vector<Transition> changes = transitions(begin, end);

    // A change that is the yearly switch of its era's rule can join a yearly RRULE; consecutive
    // years of one era and direction form one run. Anything else is a single observance.
    struct Run {
        Observance first;
        std::size_t era = 0;
        bool daylight = false;
        int first_year = 0, last_year = 0;
        std::int64_t last_at = 0;
    };
    std::vector<Observance> observances;
    std::map<std::pair<std::size_t, bool>, Run> open;
    auto close = [&](const Run& run) {
        Observance o = run.first;
        const bool newest_era = run.era + 1 == eras_.size();
        const SystemTime& date = run.daylight ? eras_[run.era].rule.daylight_date : eras_[run.era].rule.standard_date;
        if (newest_era && run.last_year >= to_year)
            o.rrule = yearly_rule(date);  // the newest rule goes on for ever
        else if (run.last_year > run.first_year)
            o.rrule = yearly_rule(date) + ";UNTIL=" + utc_stamp(run.last_at);
        observances.push_back(o);
    };

    for (const Transition& t : changes) {
        Observance o{t.to_daylight, civil_from_unix(t.at + t.offset_before * 60LL), t.offset_before, t.offset_after, {}};
        const std::size_t k = era_index_at(t.at);
        const Era& era = eras_[k];
        const int year = o.start.year;
        bool yearly = false;
        if (era.dst && (k == 0 || year >= era.first_year) && year <= era_last_year(k)) {
            const Switches s = switches(era, year);
            const int standard = era.rule.standard_offset_minutes(), daylight = era.rule.daylight_offset_minutes();
            const SystemTime& date = t.to_daylight ? era.rule.daylight_date : era.rule.standard_date;
            yearly = (t.to_daylight ? t.at == s.to_daylight && t.offset_before == standard && t.offset_after == daylight
                                    : t.at == s.to_standard && t.offset_before == daylight && t.offset_after == standard) &&
                     o.start.month == date.month && o.start.day == rule_day(date, year) &&
                     (date.year == 0 || date.day == o.start.day);  // BYMONTHDAY cannot clip to the month's end
        }
        if (!yearly) {
            observances.push_back(o);
            continue;
        }
        auto key = std::make_pair(k, t.to_daylight);
        auto it = open.find(key);
        if (it != open.end() && it->second.last_year == year - 1) {
            it->second.last_year = year;
            it->second.last_at = t.at;
            continue;
        }
        if (it != open.end()) {
            close(it->second);
            open.erase(it);
        }
        open.emplace(key, Run{o, k, t.to_daylight, year, year, t.at});
    }
    for (const auto& [key, run] : open) close(run);

    // Nothing changes early in the range (no DST, or an offset change later on): state the
    // offset in force at the start.
    if (changes.empty() || changes.front().at >= year_start(from_year)) {
        const int offset = offset_at(begin);
        observances.push_back({is_daylight_at(begin), civil_from_unix(begin + offset * 60LL), offset, offset, {}});
    }
    std::stable_sort(observances.begin(), observances.end(), [](const Observance& a, const Observance& b) {
        return unix_from_civil(a.start) - a.offset_from * 60LL < unix_from_civil(b.start) - b.offset_from * 60LL;
    });

    ical::ComponentPtr vtimezone(icalcomponent_new(ICAL_VTIMEZONE_COMPONENT));
    icalcomponent_add_property(vtimezone.get(), icalproperty_new_tzid(tzid_.c_str()));
    for (const auto& o : observances) icalcomponent_add_component(vtimezone.get(), observance_component(o));
    return vtimezone;
}

}  // namespace calbridge::mapi
