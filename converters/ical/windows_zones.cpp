#include "converters/ical/windows_zones.h"

#include "converters/ical/civil_days.h"

#include <unicode/ucal.h>
#include <unicode/uenum.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <mutex>
#include <set>

namespace calbridge::ical {

namespace {

// ---- ICU string plumbing ------------------------------------------------------------------

std::u16string to_uchars(std::string_view utf8) {
    std::u16string out(utf8.size() + 1, u'\0');
    int32_t length = 0;
    UErrorCode status = U_ZERO_ERROR;
    u_strFromUTF8WithSub(reinterpret_cast<UChar*>(out.data()), static_cast<int32_t>(out.size()), &length,
                         utf8.data(), static_cast<int32_t>(utf8.size()), 0xFFFD, nullptr, &status);
    if (U_FAILURE(status)) return {};
    out.resize(static_cast<std::size_t>(length));
    return out;
}

std::string to_utf8(const UChar* s, int32_t length) {
    std::string out(static_cast<std::size_t>(length) * 3 + 1, '\0');
    int32_t written = 0;
    UErrorCode status = U_ZERO_ERROR;
    u_strToUTF8(out.data(), static_cast<int32_t>(out.size()), &written, s, length, &status);
    if (U_FAILURE(status)) return {};
    out.resize(static_cast<std::size_t>(written));
    return out;
}

const UChar* uchars(const std::u16string& s) { return reinterpret_cast<const UChar*>(s.data()); }
int32_t ulength(const std::u16string& s) { return static_cast<int32_t>(s.size()); }

constexpr int32_t kIdCapacity = 128;

// ---- text matching ------------------------------------------------------------------------

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// `needle` occurs in `hay` as whole words (both lower case).
bool contains_words(const std::string& hay, const std::string& needle) {
    if (needle.empty()) return false;
    for (std::size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) {
        const bool starts = at == 0 || !is_word_char(hay[at - 1]);
        const std::size_t end = at + needle.size();
        const bool ends = end == hay.size() || !is_word_char(hay[end]);
        if (starts && ends) return true;
    }
    return false;
}

// "(UTC-08:00) Pacific Time (US & Canada)" -> "pacific time (us & canada)". The offset prefix
// would otherwise match every fixed-offset zone named "UTC...".
std::string description_words(std::string_view description) {
    std::string d = lower_ascii(description);
    if (d.starts_with("(utc") || d.starts_with("(gmt")) {
        const auto close = d.find(')');
        if (close != std::string::npos) d.erase(0, close + 1);
    }
    return d;
}

// "Pacific Standard Time (Mexico)" -> "pacific (mexico)".
std::string windows_stem(std::string_view windows_id) {
    std::string s = lower_ascii(windows_id);
    constexpr std::string_view kSuffix = " standard time";
    if (auto at = s.find(kSuffix); at != std::string::npos) s.erase(at, kSuffix.size());
    return s;
}

// "America/Argentina/Buenos_Aires" -> "buenos aires"; "" for Etc/ zones.
std::string city_of(std::string_view iana_id) {
    if (iana_id.starts_with("Etc/")) return {};
    const auto slash = iana_id.rfind('/');
    if (slash == std::string_view::npos) return {};
    std::string city = lower_ascii(iana_id.substr(slash + 1));
    std::replace(city.begin(), city.end(), '_', ' ');
    return city;
}

// ---- the candidates: every Windows zone CLDR knows --------------------------------------------

struct Candidate {
    std::string windows_id;
    std::string golden;               // IANA id for region 001
    std::string stem;                 // lower-case name without " Standard Time"
    std::set<std::string> cities;     // lower-case cities of every IANA id mapped to it
    bool fixed_offset = false;        // golden zone is Etc/...
};

std::vector<Candidate> build_candidates() {
    std::map<std::string, std::set<std::string>> cities_by_windows_id;
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UEnumeration, decltype(&uenum_close)> zones(
        ucal_openTimeZoneIDEnumeration(UCAL_ZONE_TYPE_ANY, nullptr, nullptr, &status), &uenum_close);
    if (U_FAILURE(status)) return {};
    int32_t length = 0;
    while (const UChar* zone = uenum_unext(zones.get(), &length, &status)) {
        if (U_FAILURE(status)) break;
        UChar windows[kIdCapacity];
        UErrorCode s2 = U_ZERO_ERROR;
        const int32_t n = ucal_getWindowsTimeZoneID(zone, length, windows, kIdCapacity, &s2);
        if (U_FAILURE(s2) || n <= 0) continue;
        auto& cities = cities_by_windows_id[to_utf8(windows, n)];
        if (auto city = city_of(to_utf8(zone, length)); !city.empty()) cities.insert(city);
    }
    std::vector<Candidate> out;
    for (auto& [windows_id, cities] : cities_by_windows_id) {
        auto golden = iana_from_windows(windows_id);
        if (!golden) continue;
        Candidate c;
        c.windows_id = windows_id;
        c.golden = *golden;
        c.stem = windows_stem(windows_id);
        c.cities = std::move(cities);
        c.fixed_offset = golden->starts_with("Etc/");
        out.push_back(std::move(c));
    }
    return out;  // sorted by Windows id (std::map order)
}

const std::vector<Candidate>& candidates() {
    static const std::vector<Candidate> all = build_candidates();
    return all;
}

int description_score(const Candidate& c, const std::string& words) {
    if (words.empty()) return 0;
    int score = contains_words(words, c.stem) ? 2 : 0;
    for (const auto& city : c.cities) score += contains_words(words, city) ? 1 : 0;
    return score;
}

std::string cache_key(const OffsetYear& y, std::string_view description) {
    std::string key = std::to_string(y.year) + ' ' + std::to_string(y.offset_at_start);
    for (const auto& change : y.changes)
        key += ' ' + std::to_string(change.at) + '>' + std::to_string(change.offset_after);
    key += '|';
    key += description;
    return key;
}

std::optional<std::string> search(const OffsetYear& observed, std::string_view description) {
    const std::string words = description_words(description);
    const Candidate* best = nullptr;
    int best_score = -1;
    for (const auto& c : candidates()) {  // alphabetical, so '>' keeps the first of equals
        auto year = icu_offset_year(c.golden, observed.year);
        if (!year || *year != observed) continue;
        const int score = description_score(c, words);
        const bool better = score > best_score ||
                            (score == best_score && c.fixed_offset && !best->fixed_offset);
        if (better) {
            best = &c;
            best_score = score;
        }
    }
    if (!best) return std::nullopt;
    return best->windows_id;
}

}  // namespace

std::optional<std::string> iana_from_windows(std::string_view windows_id, std::string_view region) {
    const std::u16string id = to_uchars(windows_id);
    const std::string region_z(region);  // ICU wants a NUL-terminated region code
    UChar result[kIdCapacity];
    UErrorCode status = U_ZERO_ERROR;
    const int32_t n = ucal_getTimeZoneIDForWindowsID(uchars(id), ulength(id), region_z.c_str(), result,
                                                     kIdCapacity, &status);
    if (U_FAILURE(status) || n <= 0) return std::nullopt;
    return to_utf8(result, n);
}

std::optional<std::string> windows_from_iana(std::string_view iana_id) {
    const std::u16string id = to_uchars(iana_id);
    UChar result[kIdCapacity];
    UErrorCode status = U_ZERO_ERROR;
    const int32_t n = ucal_getWindowsTimeZoneID(uchars(id), ulength(id), result, kIdCapacity, &status);
    if (U_FAILURE(status) || n <= 0) return std::nullopt;
    return to_utf8(result, n);
}

std::optional<OffsetYear> icu_offset_year(std::string_view iana_id, int year) {
    const std::u16string id = to_uchars(iana_id);
    // ucal_open falls back to "Etc/Unknown" (GMT) for ids it does not know: check first.
    UChar canonical[kIdCapacity];
    UBool is_system_id = false;
    UErrorCode status = U_ZERO_ERROR;
    ucal_getCanonicalTimeZoneID(uchars(id), ulength(id), canonical, kIdCapacity, &is_system_id, &status);
    if (U_FAILURE(status) || !is_system_id) return std::nullopt;

    std::unique_ptr<UCalendar, decltype(&ucal_close)> cal(
        ucal_open(uchars(id), ulength(id), "en_US", UCAL_GREGORIAN, &status), &ucal_close);
    if (U_FAILURE(status)) return std::nullopt;
    auto offset_minutes_at = [&](UDate ms) {
        UErrorCode s = U_ZERO_ERROR;
        ucal_setMillis(cal.get(), ms, &s);
        const int32_t total = ucal_get(cal.get(), UCAL_ZONE_OFFSET, &s) + ucal_get(cal.get(), UCAL_DST_OFFSET, &s);
        return U_FAILURE(s) ? 0 : total / 60000;
    };
    const UDate begin = static_cast<UDate>(ical::days_from_civil(year, 1, 1) * 86400) * 1000.0;
    const UDate end = static_cast<UDate>(ical::days_from_civil(year + 1, 1, 1) * 86400) * 1000.0;

    OffsetYear out;
    out.year = year;
    out.offset_at_start = offset_minutes_at(begin);
    int previous = out.offset_at_start;
    for (;;) {
        UDate next = 0;
        UErrorCode s = U_ZERO_ERROR;
        if (!ucal_getTimeZoneTransitionDate(cal.get(), UCAL_TZ_TRANSITION_NEXT, &next, &s) || U_FAILURE(s)) break;
        if (next >= end) break;
        const int after = offset_minutes_at(next);  // also moves the calendar to `next`
        // ICU also reports transitions that only rename or split raw/DST: keep real changes.
        if (after != previous)
            out.changes.push_back({static_cast<std::int64_t>(next / 1000.0), after});
        previous = after;
    }
    return out;
}

std::optional<std::string> windows_zone_matching(const OffsetYear& observed, std::string_view description) {
    static std::mutex mutex;
    static std::map<std::string, std::optional<std::string>> cache;
    const std::string key = cache_key(observed, description);
    {
        std::lock_guard lock(mutex);
        if (auto it = cache.find(key); it != cache.end()) return it->second;
    }
    auto found = search(observed, description);  // outside the lock: it takes milliseconds
    std::lock_guard lock(mutex);
    if (cache.size() >= 4096) cache.clear();  // bounded: a file has a handful of zones
    cache.emplace(key, found);
    return found;
}

}  // namespace calbridge::ical
