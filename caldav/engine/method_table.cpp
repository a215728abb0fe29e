#include "caldav/engine/method_table.h"

#include <array>
#include <vector>

#include "caldav/engine/responses.h"

namespace calbridge::caldav {

namespace {

struct MethodEntry {
    std::string_view name;
    MethodHandler handler;
};

Response not_supported(RequestContext& rq) { return method_not_allowed(rq.target); }

constexpr std::array kMethods{
    MethodEntry{"OPTIONS", handle_options},       MethodEntry{"GET", handle_get},
    MethodEntry{"HEAD", handle_get},              MethodEntry{"PUT", handle_put},
    MethodEntry{"DELETE", handle_delete},         MethodEntry{"PROPFIND", handle_propfind},
    MethodEntry{"PROPPATCH", handle_proppatch},   MethodEntry{"MKCOL", handle_mkcol},
    MethodEntry{"MKCALENDAR", handle_mkcalendar}, MethodEntry{"COPY", handle_copy_move},
    MethodEntry{"MOVE", handle_copy_move},        MethodEntry{"REPORT", handle_report},
    // Known, never allowed: no locking (DAV class 2 not advertised), no POST, no ACL (RFC 3744 8.1).
    MethodEntry{"LOCK", not_supported},           MethodEntry{"UNLOCK", not_supported},
    MethodEntry{"POST", not_supported},           MethodEntry{"ACL", not_supported},
};

std::vector<std::string_view> allowed(const Resource& r) {
    switch (r.kind) {
        case ResourceKind::server_root:
            return {"OPTIONS", "GET", "HEAD", "PROPFIND"};
        case ResourceKind::root:
        case ResourceKind::principals:
        case ResourceKind::principal:
        case ResourceKind::calendars:
            return {"OPTIONS", "GET", "HEAD", "PROPFIND", "REPORT"};
        case ResourceKind::home:
            return {"OPTIONS", "GET", "HEAD", "PROPFIND", "PROPPATCH", "COPY", "REPORT"};
        case ResourceKind::collection:
        case ResourceKind::calendar:
            return {"OPTIONS", "GET", "HEAD", "DELETE", "PROPFIND", "PROPPATCH", "COPY", "MOVE", "REPORT"};
        case ResourceKind::object:
            return {"OPTIONS", "GET", "HEAD", "PUT", "DELETE", "PROPFIND", "PROPPATCH", "COPY", "MOVE", "REPORT"};
        case ResourceKind::missing:
            return {"OPTIONS", "PUT", "MKCOL", "MKCALENDAR"};
    }
    return {"OPTIONS"};
}

}  // namespace

MethodHandler method_handler(std::string_view method) {
    for (const auto& m : kMethods)
        if (m.name == method) return m.handler;
    return nullptr;
}

std::string allow_header(const Resource& resource) {
    std::string out;
    for (std::string_view m : allowed(resource)) {
        if (!out.empty()) out += ", ";
        out += m;
    }
    return out;
}

bool method_allowed(std::string_view method, const Resource& resource) {
    for (std::string_view m : allowed(resource))
        if (m == method) return true;
    return false;
}

Response method_not_allowed(const Resource& resource) {
    Response r = text_response(405, "method not allowed on this resource");
    r.headers.set("Allow", allow_header(resource));
    return r;
}

}  // namespace calbridge::caldav
