#pragma once
// The RFC 4791 5.3.2.1 preconditions of a calendar object resource that PUT, COPY or MOVE
// write into a calendar collection: supported-calendar-data (media type), max-resource-size,
// valid-calendar-data, valid-calendar-object-resource, supported-calendar-component. Each
// failure is 403 with the precondition element (RFC 4791 1.3). no-uid-conflict is the Store's
// (a UID index, checked in the write's transaction) plus check_uid_unchanged() here.
#include <optional>
#include <string_view>
#include <variant>

#include "caldav/calendar/calendar_object_validation.h"
#include "caldav/engine/request_context.h"
#include "caldav/http_message.h"
#include "caldav/store/store.h"

namespace calbridge::caldav {

// content_type: the request's Content-Type (nullopt = not sent, accepted as text/calendar).
std::variant<ValidatedObject, Response> check_calendar_object(const EngineServices& services,
                                                              const Collection& calendar, std::string_view body,
                                                              std::optional<std::string_view> content_type);

// RFC 4791 5.3.2.1 no-uid-conflict, second half: a PUT must not change the UID of an existing
// calendar object resource. The error names the existing resource.
std::optional<Response> check_uid_unchanged(const std::optional<ObjectInfo>& existing, std::string_view new_uid);

// The ObjectWrite of a validated calendar object.
ObjectWrite calendar_object_write(std::string path, std::string data, const ValidatedObject& object);

}  // namespace calbridge::caldav
