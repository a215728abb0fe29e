#pragma once
// Everything a method or report handler gets: the engine's services, the request, the
// authenticated user with the calendars shared with them, and the resolved target.
#include <optional>
#include <string>
#include <vector>

#include "caldav/access/privileges.h"
#include "caldav/access/sharing.h"
#include "caldav/engine/engine.h"
#include "caldav/engine/resource.h"
#include "caldav/engine/url_layout.h"
#include "caldav/http_message.h"
#include "caldav/store/store.h"
#include "caldav/xml/multistatus.h"

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
    Resource target;    // at the Store's path (a target under a mount is translated, see mount)
    // The calendars of other users shared with `user`, read once per request (issue 6).
    std::vector<SharedCalendar> shares;
    // The target was addressed through this mount in the user's home: the hrefs of the answer
    // go under it again (caldav/access/sharing.h).
    std::optional<Mount> mount;

    Store& store() const { return services.store; }
    const EngineOptions& options() const { return services.options; }
    Requester who() const { return {user, shares}; }

    // A path the client sent (Destination, a multiget href) at the Store's path: a path under
    // one of the user's mounts is translated, unless an own resource lives there.
    std::string stored_path(const std::string& path) const {
        // Under the mount of this request: decided once already (no look-up per href).
        if (mount && (is_within(path, mount->path) || path + '/' == mount->path)) return through_mount(*mount, path);
        if (auto m = mount_holding(user, shares, path)) {
            if (!services.store.collection(m->path)) return through_mount(*m, path);
        }
        return path;
    }
    // A Store path as the client addresses it in this request (under the mount when it came
    // through one).
    std::string presented(std::string_view path) const {
        if (mount && is_within(path, mount->calendar_path))
            return mount->path + std::string(path.substr(mount->calendar_path.size()));
        return std::string(path);
    }
    // A multistatus whose response hrefs are presented().
    xml::MultistatusWriter multistatus() const {
        xml::MultistatusWriter ms;
        if (mount) ms.map_prefix(mount->calendar_path, mount->path);
        return ms;
    }
};

}  // namespace calbridge::caldav
