#pragma once
// Everything a method or report handler gets: the engine's services, the request, the
// authenticated user and the resolved target.
#include <string>

#include "caldav/engine/engine.h"
#include "caldav/engine/resource.h"
#include "caldav/http_message.h"
#include "caldav/store/store.h"

namespace calbridge::caldav {

class PropertyRegistry;
class ReportRegistry;

struct EngineServices {
    Store& store;
    EngineOptions options;
    const PropertyRegistry& properties;
    const ReportRegistry& reports;
};

struct RequestContext {
    const EngineServices& services;
    const Request& request;
    std::string user;   // authenticated (empty only on areas without auth)
    Resource target;

    Store& store() const { return services.store; }
    const EngineOptions& options() const { return services.options; }
};

}  // namespace calbridge::caldav
