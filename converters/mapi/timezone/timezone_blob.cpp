#include "converters/mapi/timezone/timezone_blob.h"

#include <algorithm>

namespace calbridge::mapi {

namespace {

constexpr std::size_t kSystemTimeSize = 16;
// A TZRule after its cbRule word: flags, stStart, three biases, two SYSTEMTIMEs.
constexpr std::size_t kTzRuleBodySize = 2 + kSystemTimeSize + 3 * 4 + 2 * kSystemTimeSize;
constexpr std::uint8_t kMajorVersion = 0x02;  // MS-OXOCAL 2.2.1.41: "This field is set to 0x02"
constexpr std::uint16_t kMaxRules = 1024;     // TZ_MAX_RULES
constexpr int kMaxBiasMinutes = 24 * 60;

// Where a rule problem lies: which field, and its byte offset inside the container's layout.
struct RuleProblem {
    std::string text;
    std::size_t offset = 0;  // relative to the first bias field
};

// Byte offsets of a TzReg's fields inside a container, relative to lBias.
struct TzRegLayout {
    std::size_t standard_date;  // stStandardDate
    std::size_t daylight_date;  // stDaylightDate
};
constexpr TzRegLayout kTzRegBlobLayout{14, 32};   // PidLidTimeZoneStruct: wStandardYear/wDaylightYear precede the dates
constexpr TzRegLayout kTzRuleLayout{12, 28};      // TZRule: dates follow the biases directly

SystemTime read_systemtime(BlobReader& r, const std::string& field) {
    SystemTime st;
    st.year = r.u16(field + ".wYear");
    st.month = r.u16(field + ".wMonth");
    st.day_of_week = r.u16(field + ".wDayOfWeek");
    st.day = r.u16(field + ".wDay");
    st.hour = r.u16(field + ".wHour");
    st.minute = r.u16(field + ".wMinute");
    st.second = r.u16(field + ".wSecond");
    st.milliseconds = r.u16(field + ".wMilliseconds");
    return st;
}

std::optional<RuleProblem> systemtime_problem(const SystemTime& st, const char* name, std::size_t base) {
    auto out_of_range = [&](const char* field, unsigned value, std::size_t field_index,
                            const char* expected) {
        return RuleProblem{std::string(name) + "." + field + " is " + std::to_string(value) +
                               " (expected " + expected + ")",
                           base + 2 * field_index};
    };
    if (st.month < 1 || st.month > 12) return out_of_range("wMonth", st.month, 1, "1..12");
    if (st.year == 0) {
        if (st.day_of_week > 6) return out_of_range("wDayOfWeek", st.day_of_week, 2, "0..6");
        if (st.day < 1 || st.day > 5) return out_of_range("wDay", st.day, 3, "1..5");
    } else if (st.day < 1 || st.day > 31) {
        return out_of_range("wDay", st.day, 3, "1..31");
    }
    if (st.hour > 23) return out_of_range("wHour", st.hour, 4, "0..23");
    if (st.minute > 59) return out_of_range("wMinute", st.minute, 5, "0..59");
    if (st.second > 59) return out_of_range("wSecond", st.second, 6, "0..59");
    if (st.milliseconds > 999) return out_of_range("wMilliseconds", st.milliseconds, 7, "0..999");
    return std::nullopt;
}

std::optional<RuleProblem> rule_problem(const TzReg& reg, const TzRegLayout& layout) {
    // Sums in 64 bits: the fields are arbitrary 32-bit values in a damaged blob.
    auto too_far = [](std::int64_t minutes) { return minutes < -kMaxBiasMinutes || minutes > kMaxBiasMinutes; };
    const std::int64_t bias = reg.bias;
    if (too_far(bias))
        return RuleProblem{"lBias is " + std::to_string(reg.bias) + " minutes (more than 24 hours)", 0};
    if (too_far(bias + reg.standard_bias))
        return RuleProblem{"lBias + lStandardBias is " + std::to_string(bias + reg.standard_bias) +
                               " minutes (more than 24 hours)", 4};
    if (!reg.observes_dst()) return std::nullopt;  // the dates are not used
    if (too_far(bias + reg.daylight_bias))
        return RuleProblem{"lBias + lDaylightBias is " + std::to_string(bias + reg.daylight_bias) +
                               " minutes (more than 24 hours)", 8};
    if (auto p = systemtime_problem(reg.standard_date, "stStandardDate", layout.standard_date)) return p;
    return systemtime_problem(reg.daylight_date, "stDaylightDate", layout.daylight_date);
}

[[noreturn]] void fail_at(const std::string& blob, const std::string& what, std::size_t offset) {
    throw BlobError(blob + ": " + what + " at byte " + std::to_string(offset));
}

// KeyName is UTF-16LE without a terminator. Unpaired surrogates become U+FFFD.
std::string utf8_from_utf16le(std::span<const std::uint8_t> bytes) {
    std::string out;
    out.reserve(bytes.size() / 2);
    auto unit = [&](std::size_t i) {
        return static_cast<std::uint32_t>(bytes[2 * i] | (bytes[2 * i + 1] << 8));
    };
    const std::size_t n = bytes.size() / 2;
    for (std::size_t i = 0; i < n; ++i) {
        std::uint32_t c = unit(i);
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && unit(i + 1) >= 0xDC00 && unit(i + 1) <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (unit(i + 1) - 0xDC00);
            ++i;
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            c = 0xFFFD;
        }
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else if (c < 0x800) {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            out += static_cast<char>(0xE0 | (c >> 12));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (c >> 18));
            out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

}  // namespace

const TzRule* TimeZoneDefinition::effective_rule() const {
    for (const auto& rule : rules)
        if (rule.effective()) return &rule;
    return rules.empty() ? nullptr : &rules.back();
}

std::optional<std::string> tzreg_problem(const TzReg& reg) {
    if (auto p = rule_problem(reg, kTzRuleLayout)) return p->text;
    return std::nullopt;
}

TzReg parse_tzreg(std::span<const std::uint8_t> blob) {
    // MS-OXOCAL 2.2.1.39: lBias, lStandardBias, lDaylightBias, wStandardYear, stStandardDate,
    // wDaylightYear, stDaylightDate (48 bytes). The two year words repeat the SYSTEMTIMEs' wYear
    // and are not needed.
    BlobReader r(blob, "TZREG");
    TzReg reg;
    reg.bias = r.i32("lBias");
    reg.standard_bias = r.i32("lStandardBias");
    reg.daylight_bias = r.i32("lDaylightBias");
    r.u16("wStandardYear");
    reg.standard_date = read_systemtime(r, "stStandardDate");
    r.u16("wDaylightYear");
    reg.daylight_date = read_systemtime(r, "stDaylightDate");
    if (auto p = rule_problem(reg, kTzRegBlobLayout)) fail_at(r.name(), p->text, p->offset);
    return reg;
}

TimeZoneDefinition parse_tzdefinition(std::span<const std::uint8_t> blob) {
    BlobReader r(blob, "TZDEFINITION");
    TimeZoneDefinition def;
    // MS-OXOCAL 2.2.1.41: "Clients that are unfamiliar with the major version number should
    // treat the property as if it is not there" (Outlook auxiliary reference).
    const std::uint8_t major = r.u8("bMajorVersion");
    if (major != kMajorVersion)
        fail_at(r.name(), "unsupported bMajorVersion " + std::to_string(major) + " (expected 2)", 0);
    def.minor_version = r.u8("bMinorVersion");
    const std::uint16_t header_size = r.u16("cbHeader");
    const std::size_t header_start = r.offset();
    const std::size_t header_end = header_start + header_size;

    def.flags = r.u16("wFlags");
    if (def.flags & TimeZoneDefinition::kValidGuid) {
        auto g = r.bytes(16, "guidTZID");
        std::array<std::uint8_t, 16> guid{};
        std::copy(g.begin(), g.end(), guid.begin());
        def.guid = guid;
    }
    if (def.flags & TimeZoneDefinition::kValidKeyName) {
        const std::uint16_t chars = r.u16("cchKeyName");
        def.key_name = utf8_from_utf16le(r.bytes(std::size_t{chars} * 2, "KeyName"));
    }
    const std::size_t rule_count_at = r.offset();
    const std::uint16_t rule_count = r.u16("cRules");
    // cbHeader counts wFlags through cRules; anything more is a later minor version's data.
    if (r.offset() > header_end)
        fail_at(r.name(), "cbHeader " + std::to_string(header_size) + " is smaller than its fields (" +
                              std::to_string(r.offset() - header_start) + " bytes)", 2);
    r.skip(header_end - r.offset(), "header extension (cbHeader)");
    if (rule_count == 0) fail_at(r.name(), "cRules is 0 (at least one TZRule is required)", rule_count_at);
    if (rule_count > kMaxRules)
        fail_at(r.name(), "cRules is " + std::to_string(rule_count) + " (at most 1024)", rule_count_at);

    def.rules.reserve(rule_count);
    for (std::uint16_t i = 0; i < rule_count; ++i) {
        const std::string name = "TZRule[" + std::to_string(i) + "]";
        const std::size_t rule_start = r.offset();
        const std::uint8_t rule_major = r.u8(name + ".bMajorVersion");
        if (rule_major != kMajorVersion)
            fail_at(r.name(), name + ": unsupported bMajorVersion " + std::to_string(rule_major) + " (expected 2)",
                    rule_start);
        r.u8(name + ".bMinorVersion");
        const std::uint16_t rule_size = r.u16(name + ".cbRule");  // MS-OXOCAL: "Reserved", 0x003E
        if (rule_size < kTzRuleBodySize)
            fail_at(r.name(), name + ": cbRule " + std::to_string(rule_size) + " is smaller than a TZRule (62)",
                    rule_start + 2);
        TzRule rule;
        rule.flags = r.u16(name + ".wFlags");
        rule.start = read_systemtime(r, name + ".stStart");
        const std::size_t reg_start = r.offset();
        rule.reg.bias = r.i32(name + ".lBias");
        rule.reg.standard_bias = r.i32(name + ".lStandardBias");
        rule.reg.daylight_bias = r.i32(name + ".lDaylightBias");
        rule.reg.standard_date = read_systemtime(r, name + ".stStandardDate");
        rule.reg.daylight_date = read_systemtime(r, name + ".stDaylightDate");
        if (auto p = rule_problem(rule.reg, kTzRuleLayout)) fail_at(r.name(), name + ": " + p->text, reg_start + p->offset);
        r.skip(rule_size - kTzRuleBodySize, name + " extension (cbRule)");
        def.rules.push_back(rule);
    }
    return def;
}

}  // namespace calbridge::mapi
