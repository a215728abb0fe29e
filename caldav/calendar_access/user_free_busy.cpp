#include "caldav/calendar_access/user_free_busy.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <string>

#include <spdlog/spdlog.h>

#include "caldav/access/privileges.h"
#include "caldav/calendar_access/free_busy_url_range.h"
#include "caldav/calendar_access/reports/free_busy.h"
#include "caldav/engine/resource.h"
#include "caldav/engine/responses.h"
#include "caldav/engine/url_layout.h"

namespace calbridge::caldav {

namespace {

// Collections nest only a few levels below a home (calendars, plain collections holding
// calendars); the walk stops here whatever the store holds.
constexpr int kMaxDepth = 8;

constexpr std::string_view kAllow = "OPTIONS, GET, HEAD";

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

std::vector<Collection> free_busy_calendars(Store& store, std::string_view requester, std::string_view user) {
    // Grants reach the requester directly or through their groups: the Store resolves them.
    const std::vector<SharedCalendar> shares =
        requester == user ? std::vector<SharedCalendar>() : store.calendars_shared_with(requester);
    const Requester who{requester, shares};
    std::vector<Collection> visible;
    std::deque<std::pair<std::string, int>> pending{{home_path(user), 0}};
    while (!pending.empty()) {
        auto [path, depth] = std::move(pending.front());
        pending.pop_front();
        for (Collection& c : store.child_collections(path)) {
            if (c.kind == CollectionKind::plain) {
                if (depth + 1 < kMaxDepth) pending.emplace_back(c.path, depth + 1);
                continue;
            }
            // The one access decision (caldav/access/privileges.h), as free-busy-query asks it.
            const PrivilegeSet held = privileges(who, collection_resource(c));
            if (held.has(Privilege::read_free_busy) || held.has(Privilege::read)) visible.push_back(std::move(c));
        }
    }
    std::sort(visible.begin(), visible.end(), [](const Collection& a, const Collection& b) { return a.path < b.path; });
    return visible;
}

Response user_free_busy(const EngineServices& services, const Request& request, std::string_view requester,
                        std::string_view user) {
    if (request.method == "OPTIONS") {
        Response r = empty_response(200);
        r.headers.set("Allow", std::string(kAllow));
        return r;
    }
    if (request.method != "GET" && request.method != "HEAD") {
        Response r = text_response(405, "free/busy is read-only: GET it");
        r.headers.set("Allow", std::string(kAllow));
        return r;
    }
    const std::int64_t now = unix_now();
    const auto range = free_busy_url_range(target_query(request.target), now);
    if (const auto* error = std::get_if<FreeBusyRangeError>(&range))
        return text_response(400, "free/busy range: " + error->message);
    const TimeRange& window = std::get<TimeRange>(range);

    if (user.empty() || !services.store.principal(user)) return text_response(404, "not found");
    const std::vector<Collection> calendars = free_busy_calendars(services.store, requester, user);
    if (calendars.empty()) return text_response(404, "not found");

    std::vector<BusyPeriod> periods;
    std::size_t objects = 0;
    for (const Collection& calendar : calendars)
        objects += collect_calendar_busy_periods(services.store, calendar, window, periods);
    const std::vector<BusyPeriod> merged = merge_busy_periods(std::move(periods));
    spdlog::debug("free/busy of {} for {}: {} calendars, {} objects, {} periods {}..{}", user, requester,
                  calendars.size(), objects, merged.size(), format_utc(window.start), format_utc(window.end));

    Response r;
    r.status = 200;
    r.headers.set("Content-Type", "text/calendar; charset=utf-8");
    // Personal data behind a login: shared caches keep none of it (RFC 9111 5.2.2.7).
    r.headers.set("Cache-Control", "private, no-cache");
    // RFC 5545 3.6.4: a VFREEBUSY has a UID; this one names the user and the range it covers.
    const std::string uid = "freebusy-" + std::string(user) + "-" + format_utc(window.start) + "-" +
                            format_utc(window.end) + "@calbridge";
    r.body = free_busy_calendar(merged, window, now, services.options.product_id, uid);
    return r;
}

}  // namespace calbridge::caldav
