#pragma once
// GET of a calendar collection and the secret-token .ics URL (issue 4 item 5, url-layout): the
// whole calendar as one VCALENDAR — every object's components merged, VTIMEZONEs deduplicated by
// TZID (RFC 5545 3.6.5: one per TZID in an object) — with an entity tag derived from the
// collection's change-log position, so If-None-Match answers 304 without reading any object.
#include <string>
#include <string_view>

#include "caldav/engine/request_context.h"
#include "caldav/http_message.h"
#include "caldav/store/store.h"

namespace calbridge::caldav {

std::string whole_calendar_ics(Store& store, const Collection& collection, std::string_view product_id);

Response whole_calendar_response(const EngineServices& services, const Request& request, const Collection& collection);

// /ics/<token>.ics: GET/HEAD without authentication; an unknown or revoked token is 404.
Response token_subscription(const EngineServices& services, const Request& request, std::string_view token);

}  // namespace calbridge::caldav
