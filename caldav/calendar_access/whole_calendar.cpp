#include "caldav/calendar_access/whole_calendar.h"

#include <set>

#include <spdlog/spdlog.h>

#include "caldav/engine/http_date.h"
#include "caldav/engine/request_headers.h"
#include "caldav/engine/responses.h"
#include "caldav/sync/sync_token.h"
#include "converters/ical/ical_ptr.h"

namespace calbridge::caldav {

std::string whole_calendar_ics(Store& store, const Collection& collection, std::string_view product_id) {
    ical::ComponentPtr out(icalcomponent_new_vcalendar());
    icalcomponent_add_property(out.get(), icalproperty_new_version("2.0"));
    icalcomponent_add_property(out.get(), icalproperty_new_prodid(std::string(product_id).c_str()));
    icalcomponent_add_property(out.get(), icalproperty_new_calscale("GREGORIAN"));
    if (!collection.props.display_name.empty()) {
        // X-WR-CALNAME: the name subscription clients (Apple, Google, Thunderbird) show.
        icalproperty* name = icalproperty_new_x(collection.props.display_name.c_str());
        icalproperty_set_x_name(name, "X-WR-CALNAME");
        icalcomponent_add_property(out.get(), name);
    }
    std::set<std::string> tzids;
    std::vector<ical::ComponentPtr> members;   // non-VTIMEZONE components, after the zones
    for (const Object& object : store.objects_with_data(collection.id)) {
        ical::ComponentPtr parsed = ical::parse_ics(object.data);
        if (!parsed || icalcomponent_isa(parsed.get()) != ICAL_VCALENDAR_COMPONENT) {
            spdlog::warn("{}: stored object is not a VCALENDAR; left out of the calendar", object.info.path);
            continue;
        }
        for (icalcomponent* c = icalcomponent_get_first_component(parsed.get(), ICAL_ANY_COMPONENT); c;
             c = icalcomponent_get_next_component(parsed.get(), ICAL_ANY_COMPONENT)) {
            if (icalcomponent_isa(c) == ICAL_VTIMEZONE_COMPONENT) {
                icalproperty* tzid = icalcomponent_get_first_property(c, ICAL_TZID_PROPERTY);
                const char* id = tzid ? icalproperty_get_tzid(tzid) : nullptr;
                if (!id || !tzids.insert(id).second) continue;
                icalcomponent_add_component(out.get(), icalcomponent_new_clone(c));
            } else {
                members.emplace_back(icalcomponent_new_clone(c));
            }
        }
    }
    for (auto& m : members) icalcomponent_add_component(out.get(), m.release());
    return ical::to_ics(out.get());
}

Response whole_calendar_response(const EngineServices& services, const Request& request, const Collection& collection) {
    const std::string etag = collection_etag(collection);
    Response r;
    r.headers.set("ETag", quoted_etag(etag));
    r.headers.set("Last-Modified", http_date(collection.modified_at));
    // RFC 9110 13.2.2: If-Match first (false: 412), then If-None-Match (a match: 304 for
    // GET/HEAD, the only methods that get here).
    const Conditions conditions = parse_conditions(request);
    if (conditions.if_match.present() && !conditions.if_match.matches(etag)) {
        r.status = 412;
        return r;
    }
    if (conditions.if_none_match.present() && conditions.if_none_match.matches(etag)) {
        r.status = 304;   // RFC 9110 13.1.2
        return r;
    }
    r.status = 200;
    r.headers.set("Content-Type", "text/calendar; charset=utf-8");
    r.body = whole_calendar_ics(services.store, collection, services.options.product_id);
    return r;
}

Response token_subscription(const EngineServices& services, const Request& request, std::string_view token) {
    const auto collection = services.store.collection_for_token(token);
    if (!collection || collection->kind != CollectionKind::calendar) return text_response(404, "not found");
    if (request.method == "OPTIONS") {
        Response r = empty_response(200);
        r.headers.set("Allow", "OPTIONS, GET, HEAD");
        return r;
    }
    if (request.method != "GET" && request.method != "HEAD") {
        Response r = text_response(405, "a subscription URL is read-only");
        r.headers.set("Allow", "OPTIONS, GET, HEAD");
        return r;
    }
    return whole_calendar_response(services, request, *collection);
}

}  // namespace calbridge::caldav
