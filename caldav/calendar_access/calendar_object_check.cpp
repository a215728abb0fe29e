#include "caldav/calendar_access/calendar_object_check.h"

#include "caldav/engine/request_headers.h"
#include "caldav/engine/responses.h"

namespace calbridge::caldav {

std::variant<ValidatedObject, Response> check_calendar_object(const EngineServices& services,
                                                              const Collection& calendar, std::string_view body,
                                                              std::optional<std::string_view> content_type) {
    if (content_type && media_type(*content_type) != "text/calendar")
        return error_response(403, xml::caldav_name("supported-calendar-data"));
    if (body.size() > services.options.max_resource_size)
        return error_response(403, xml::caldav_name("max-resource-size"));
    ValidationOptions options;
    options.supported_components = calendar.props.components;
    options.max_resource_size = services.options.max_resource_size;
    ValidationResult result = validate_calendar_object(body, options);
    if (!result) return error_response(403, xml::caldav_name(element_name(result.error.precondition)));
    return std::move(*result.object);
}

std::optional<Response> check_uid_unchanged(const std::optional<ObjectInfo>& existing, std::string_view new_uid) {
    if (!existing || existing->uid.empty() || existing->uid == new_uid) return std::nullopt;
    const std::string hrefs[] = {existing->path};
    return error_response(403, xml::caldav_name("no-uid-conflict"), hrefs);
}

ObjectWrite calendar_object_write(std::string path, std::string data, const ValidatedObject& object) {
    ObjectWrite w;
    w.path = std::move(path);
    w.data = std::move(data);
    w.content_type = "text/calendar; charset=utf-8";
    w.uid = object.uid;
    w.spans = object.spans;
    return w;
}

}  // namespace calbridge::caldav
