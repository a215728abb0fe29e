#include "caldav/calendar/recurrence_set.h"

#include <algorithm>

#include "caldav/calendar/civil_time.h"
#include "caldav/calendar/instance_iterator.h"
#include "caldav/calendar/weekly_rule.h"

namespace calbridge::caldav {

// RFC 5545 3.3.10 recommends at most one RRULE; more are accepted, up to this many.
constexpr std::size_t kMaxRules = 4;
constexpr std::size_t kMaxRdates = 5000;

struct RecurrenceSet::RuleSource {
    icalrecur_iterator* libical = nullptr;
    std::unique_ptr<WeeklyRuleIterator> own;
    std::optional<std::int64_t> until_utc;
    std::optional<Occurrence> head;
    bool done = false;
    ~RuleSource() {
        if (libical) icalrecur_iterator_free(libical);
    }
};

namespace {

// UNTIL on the UTC line (inclusive, RFC 5545 3.3.10).
std::int64_t until_utc(const icaltimetype& until, const ZonedTime& dtstart, const CalendarTimeZone& floating_zone) {
    if (until.is_date) {
        if (dtstart.local.is_date) return to_utc(until, nullptr, floating_zone).seconds;
        icaltimetype end_of_day = until;
        end_of_day.is_date = 0;
        end_of_day.hour = 23;
        end_of_day.minute = 59;
        end_of_day.second = 59;
        end_of_day.zone = nullptr;
        return to_utc(end_of_day, dtstart.zone, floating_zone).seconds;
    }
    if (icaltime_is_utc(until)) return civil_seconds(until);
    // A floating UNTIL (RFC 5545: only with a floating DTSTART) is read in DTSTART's zone.
    icaltimetype local = until;
    local.zone = nullptr;
    return to_utc(local, dtstart.zone, floating_zone).seconds;
}

}  // namespace

RecurrenceSet::RecurrenceSet(const icalcomponent* vcalendar, const icalcomponent* master, const ZonedTime& dtstart,
                             const CalendarTimeZone& floating_zone, std::size_t max_steps)
    : vcalendar_(vcalendar), dtstart_(dtstart), floating_zone_(floating_zone), max_steps_(max_steps) {
    auto* m = const_cast<icalcomponent*>(master);
    for (icalproperty* p = icalcomponent_get_first_property(m, ICAL_RRULE_PROPERTY); p;
         p = icalcomponent_get_next_property(m, ICAL_RRULE_PROPERTY)) {
        if (rules_.size() >= kMaxRules) break;
        icalrecurrencetype rule = icalproperty_get_rrule(p);
        if (rule.freq == ICAL_NO_RECURRENCE) continue;
        recurs_ = true;
        auto source = std::make_unique<RuleSource>();
        if (!icaltime_is_null_time(rule.until) && is_usable_time(rule.until))
            source->until_utc = until_utc(rule.until, dtstart_, floating_zone_);
        rule.until = icaltime_null_time();   // compared here, in UTC
        icaltimetype start = dtstart_.local;
        start.zone = nullptr;
        if (!rule_can_occur(rule)) continue;   // DTSTART alone
        if (is_weekly_rule(rule)) {
            source->own = std::make_unique<WeeklyRuleIterator>(rule, start);
        } else {
            source->libical = icalrecur_iterator_new(rule, start);
            if (!source->libical) continue;   // a rule libical cannot iterate: DTSTART alone
        }
        advance(*source);
        rules_.push_back(std::move(source));
    }
    for (icalproperty* p = icalcomponent_get_first_property(m, ICAL_RDATE_PROPERTY); p;
         p = icalcomponent_get_next_property(m, ICAL_RDATE_PROPERTY)) {
        if (rdates_.size() >= kMaxRdates) {
            truncated_ = true;
            break;
        }
        auto t = property_time(vcalendar_, p);
        if (!t) continue;
        recurs_ = true;
        Occurrence o = occurrence(t->local, t->zone);
        const icalvalue* v = icalproperty_get_value(p);
        if (v && icalvalue_isa(v) == ICAL_PERIOD_VALUE) {
            const icalperiodtype period = icalvalue_get_period(v);
            if (!icaltime_is_null_time(period.end) && is_usable_time(period.end)) {
                icaltimetype end = period.end;
                if (!icaltime_is_utc(end)) end.zone = nullptr;
                o.period_end = to_utc(end, icaltime_is_utc(end) ? nullptr : t->zone, floating_zone_).seconds;
            } else if (!icaldurationtype_is_null_duration(period.duration)) {
                o.period_end = add_duration(*t, o.utc, period.duration, floating_zone_);
            }
        }
        rdates_.push_back(o);
    }
    std::sort(rdates_.begin(), rdates_.end(), [](const Occurrence& a, const Occurrence& b) { return a.utc < b.utc; });
    for (icalproperty* p = icalcomponent_get_first_property(m, ICAL_EXDATE_PROPERTY); p;
         p = icalcomponent_get_next_property(m, ICAL_EXDATE_PROPERTY)) {
        auto t = property_time(vcalendar_, p);
        if (!t) continue;
        if (t->local.is_date && !dtstart_.local.is_date)
            exdays_.insert(days_of(t->local));
        else
            exdates_.insert(to_utc(t->local, t->zone, floating_zone_).seconds);
    }
}

RecurrenceSet::~RecurrenceSet() = default;

Occurrence RecurrenceSet::occurrence(const icaltimetype& local, icaltimezone* zone) const {
    Occurrence o;
    o.local = local;
    o.zone = zone;
    o.utc = to_utc(local, zone, floating_zone_).seconds;
    return o;
}

void RecurrenceSet::advance(RuleSource& source) {
    source.head.reset();
    if (source.done) return;
    if (++steps_ > max_steps_) {
        truncated_ = true;
        source.done = true;
        return;
    }
    icaltimetype t = source.own ? source.own->next() : icalrecur_iterator_next(source.libical);
    if (icaltime_is_null_time(t) || !is_usable_time(t)) {
        source.done = true;
        return;
    }
    if (t.year > kLastYear) {
        truncated_ = true;
        source.done = true;
        return;
    }
    t.is_date = dtstart_.local.is_date;
    t.zone = dtstart_.local.zone;   // UTC stays UTC; local times carry their zone in Occurrence::zone
    Occurrence o = occurrence(t, dtstart_.zone);
    if (source.until_utc && o.utc > *source.until_utc) {
        source.done = true;
        return;
    }
    source.head = o;
}

bool RecurrenceSet::excluded(const Occurrence& o) const {
    if (exdates_.count(o.utc)) return true;
    return !exdays_.empty() && exdays_.count(days_of(o.local));
}

std::optional<Occurrence> RecurrenceSet::next() {
    while (true) {
        std::optional<Occurrence> best;
        enum { none, dtstart, rule, rdate } from = none;
        RuleSource* best_rule = nullptr;
        if (dtstart_pending_) {
            best = occurrence(dtstart_.local, dtstart_.zone);
            from = dtstart;
        }
        for (auto& r : rules_)
            if (r->head && (!best || r->head->utc < best->utc)) {
                best = r->head;
                from = rule;
                best_rule = r.get();
            }
        if (next_rdate_ < rdates_.size() && (!best || rdates_[next_rdate_].utc < best->utc)) {
            best = rdates_[next_rdate_];
            from = rdate;
        }
        if (from == none) return std::nullopt;
        if (from == dtstart) dtstart_pending_ = false;
        if (from == rule) advance(*best_rule);
        if (from == rdate) ++next_rdate_;
        if (last_utc_ && best->utc <= *last_utc_) {
            // The same instant from two sources; an RDATE PERIOD keeps its own end.
            continue;
        }
        if (excluded(*best)) continue;
        last_utc_ = best->utc;
        return best;
    }
}

}  // namespace calbridge::caldav
