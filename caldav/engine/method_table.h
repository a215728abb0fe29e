#pragma once
// Which methods the engine knows, which of them a resource allows (the Allow header of OPTIONS
// and of 405 answers, RFC 9110 10.2.1 / 15.5.6), and the handler of each.
#include <string>
#include <string_view>

#include "caldav/engine/request_context.h"
#include "caldav/http_message.h"

namespace calbridge::caldav {

using MethodHandler = Response (*)(RequestContext&);

// nullptr for a method the engine does not know (-> 501, RFC 9110 15.6.2). LOCK, UNLOCK, POST
// and ACL are known but never allowed (-> 405 with Allow).
MethodHandler method_handler(std::string_view method);

// "OPTIONS, GET, HEAD, ..." for the resource (missing: the methods that create).
std::string allow_header(const Resource& resource);
bool method_allowed(std::string_view method, const Resource& resource);

// 405 with Allow (RFC 9110 15.5.6).
Response method_not_allowed(const Resource& resource);

// The DAV header (RFC 4918 10.1, RFC 4791 5.1, RFC 5689 3): no class 2, LOCK is not supported.
inline constexpr std::string_view kDavHeader = "1, 3, calendar-access, extended-mkcol";

// The handlers (webdav/, calendar_access/, engine/report_dispatch.cpp).
Response handle_options(RequestContext& rq);
Response handle_propfind(RequestContext& rq);
Response handle_proppatch(RequestContext& rq);
Response handle_get(RequestContext& rq);   // GET and HEAD
Response handle_put(RequestContext& rq);
Response handle_delete(RequestContext& rq);
Response handle_mkcol(RequestContext& rq);
Response handle_mkcalendar(RequestContext& rq);
Response handle_copy_move(RequestContext& rq);
Response handle_report(RequestContext& rq);

}  // namespace calbridge::caldav
