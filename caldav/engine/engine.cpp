// Engine::handle: the one path every request takes — target normalisation, the URL layout,
// authentication and access, method dispatch, and the translation of errors into responses.
#include "caldav/engine/engine.h"

#include <spdlog/spdlog.h>

#include "caldav/access/method_access.h"
#include "caldav/access/privileges.h"
#include "caldav/access/sharing.h"
#include "caldav/calendar_access/whole_calendar.h"
#include "caldav/principals/calendar_server_properties.h"
#include "caldav/engine/method_table.h"
#include "caldav/engine/property_registry.h"
#include "caldav/engine/report_registry.h"
#include "caldav/engine/request_context.h"
#include "caldav/engine/request_path.h"
#include "caldav/engine/responses.h"
#include "caldav/engine/url_layout.h"
#include "caldav/xml/error.h"

namespace calbridge::caldav {

struct Engine::Impl {
    Impl(Store& store, EngineOptions options)
        : services{store, std::move(options), properties, reports} {
        register_dav_properties(properties);
        register_principal_properties(properties);
        register_calendar_properties(properties);
        register_sync_properties(properties);
        register_sharing_properties(properties);
        register_sync_reports(reports);
        register_calendar_server_principal_properties(properties);
        register_calendar_reports(reports);
        register_principal_reports(reports);
    }

    Response handle(const Request& request);
    Response dispatch(const Request& request);

    PropertyRegistry properties;
    ReportRegistry reports;
    EngineServices services;
};

Engine::Engine(Store& store, EngineOptions options) : impl_(std::make_unique<Impl>(store, std::move(options))) {}
Engine::~Engine() = default;

Response Engine::handle(const Request& request) {
    Response response;
    try {
        response = impl_->dispatch(request);
    } catch (const xml::RequestError& e) {
        spdlog::debug("{} {}: {} ({})", request.method, loggable_target(request.target), e.status(), e.what());
        response = request_error_response(e);
    } catch (const std::exception& e) {
        spdlog::error("{} {}: internal error: {}", request.method, loggable_target(request.target), e.what());
        response = text_response(500, "internal server error");
    }
    if (!impl_->services.options.server.empty()) response.headers.set("Server", impl_->services.options.server);
    if (request.method == "HEAD") response.omit_body = true;
    return response;
}

namespace {

Response unauthorized() {
    // RFC 7617 2, 2.1: Basic with the charset parameter.
    Response r = text_response(401, "authentication required");
    r.headers.set("WWW-Authenticate", "Basic realm=\"calbridge\", charset=\"UTF-8\"");
    return r;
}

bool creates(std::string_view method) { return method == "PUT" || method == "MKCOL" || method == "MKCALENDAR"; }
bool never_allowed(std::string_view method) {
    return method == "LOCK" || method == "UNLOCK" || method == "POST" || method == "ACL";
}

// RFC 6764 5: the context path, by redirect. A relative Location (RFC 9110 10.2.2) stays right
// behind a TLS reverse proxy, where Request.origin says http.
Response redirect_to_context_path() {
    Response r = empty_response(301);
    r.headers.set("Location", std::string(kDavRoot));
    return r;
}

Response server_options() {
    // OPTIONS * (RFC 9110 9.3.7): the server's capabilities.
    Response r = empty_response(200);
    r.headers.set("DAV", std::string(kDavHeader));
    r.headers.set("Allow", "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, MKCOL, MKCALENDAR, COPY, MOVE, REPORT");
    return r;
}

}  // namespace

Response Engine::Impl::dispatch(const Request& request) {
    if (request.target == "*") {
        if (request.method == "OPTIONS") return server_options();
        return text_response(400, "'*' is a request-target for OPTIONS only (RFC 9112 3.2.4)");
    }
    const MethodHandler handler = method_handler(request.method);
    auto normalised = normalise_target(request.target);
    if (auto* error = std::get_if<PathError>(&normalised)) {
        spdlog::debug("{} {}: refused target: {}", request.method, loggable_target(request.target), error->reason);
        return text_response(error->status, error->reason);
    }
    const Location location = classify(std::get<std::string>(normalised));

    // The well-known URI redirects for any method (RFC 6764 5). "/" redirects GET and HEAD (a
    // browser, or a client given only the host), without a login like the well-known URI; its
    // PROPFIND is answered below for "/" itself, with current-user-principal (RFC 6764 6.5: a
    // client may try the root), since not every client follows a redirect of a PROPFIND.
    if (location.area == Area::well_known) return redirect_to_context_path();
    if (location.area == Area::server_root && (request.method == "GET" || request.method == "HEAD"))
        return redirect_to_context_path();
    // Other well-known services (RFC 8615), e.g. carddav that DAVx5 and iOS probe: not here,
    // and no login can change that (a 401 would read as a wrong password).
    if (std::get<std::string>(normalised).rfind("/.well-known/", 0) == 0) return text_response(404, "not found");
    if (needs_authentication(location.area) && (!request.user || request.user->empty())) return unauthorized();
    if (!handler) return text_response(501, "method not implemented");
    if (location.area == Area::unknown) return text_response(404, "not found");
    if (location.area == Area::token_subscription) return token_subscription(services, request, location.token);

    RequestContext rq{services, request, request.user.value_or(std::string()), Resource{}, {}, std::nullopt};
    Location where = location;
    if (where.area == Area::stored && !rq.user.empty()) {
        // Issue 6: the calendars shared with the user, read once, and a target under a mount in
        // the user's home translated to the owner's calendar (an own collection there wins).
        rq.shares = services.store.calendars_shared_with(rq.user);
        if (auto mount = mount_holding(rq.user, rq.shares, where.path); mount && !services.store.collection(mount->path)) {
            const bool bare = where.path.size() < mount->path.size();
            where = classify(through_mount(*mount, where.path));
            if (bare) where.path = mount->calendar_path;
            rq.mount = std::move(mount);
        }
    }
    rq.target = resolve(services.store, where);
    // One access decision (caldav/access): what the user may not read does not exist for them.
    if (privileges(rq.who(), rq.target).none()) return text_response(404, "not found");
    if (never_allowed(request.method)) return method_not_allowed(rq.target);
    if (!rq.target.exists()) {
        if (!creates(request.method) && request.method != "OPTIONS") return text_response(404, "not found");
    } else if (request.method == "MKCALENDAR") {
        return error_response(403, xml::dav("resource-must-be-null"));   // RFC 4791 5.3.1.1
    } else if (!method_allowed(request.method, rq.target)) {
        return method_not_allowed(rq.target);
    }
    // What the method needs on the target (RFC 3744 Appendix B): 403 need-privileges without it.
    if (auto denied = check_method_access(rq)) return std::move(*denied);
    return handler(rq);
}

}  // namespace calbridge::caldav
