#pragma once
// The CalDAV engine: one call per HTTP request, free of any HTTP library and of SQL
// (DESIGN.md "What flows where"). gateway/http authenticates, fills a Request, and sends the
// Response back; tests call handle() directly.
//
// Thread-safe: the engine keeps no per-request state; everything lives in the Store, which is
// safe to call from many threads (caldav/store/store.h). One Engine serves every connection.
#include <cstddef>
#include <memory>
#include <string>

#include "caldav/http_message.h"
#include "caldav/store/store.h"

namespace calbridge::caldav {

struct EngineOptions {
    // CALDAV:max-resource-size (RFC 4791 5.2.5): larger calendar object bodies get 403
    // max-resource-size; larger bodies anywhere else 413.
    std::size_t max_resource_size = 1024 * 1024;
    // Upper bound of any XML request body (PROPFIND, PROPPATCH, REPORT ...): 413 above it.
    std::size_t max_xml_body = 4 * 1024 * 1024;
    // PRODID of whole-calendar GETs (.ics subscriptions), RFC 5545 3.7.3.
    std::string product_id = "-//calbridge//calbridge CalDAV//EN";
    // The Server header value (RFC 9110 10.2.4); empty = no Server header.
    std::string server = "calbridge";
};

class Engine {
public:
    Engine(Store& store, EngineOptions options);
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Never throws: a failure inside becomes a 500 (logged with spdlog), a bad request its
    // RFC status with a DAV:error body where an RFC names the condition.
    Response handle(const Request& request);

    struct Impl;   // caldav/engine/engine_impl.h

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace calbridge::caldav
