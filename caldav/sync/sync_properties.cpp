// RFC 6578 4 DAV:sync-token and Apple's CS:getctag (calendarserver.org caldav-ctag-02 4.1):
// both the change-log position of a stored collection, neither in allprop (RFC 6578 4).
#include "caldav/engine/property_registry.h"
#include "caldav/sync/sync_token.h"

namespace calbridge::caldav {

void register_sync_properties(PropertyRegistry& registry) {
    auto stored_collection = [](const Resource& r) { return r.is_stored_collection(); };
    registry.add({.name = xml::dav("sync-token"),
                  .rfc = "RFC 6578 4",
                  .in_allprop = false,
                  .applies = stored_collection,
                  .write = [](const PropertyContext& c, xml::XmlWriter& w) {
                      w.leaf(xml::dav("sync-token"), sync_token(*c.resource.collection));
                  }});
    registry.add({.name = xml::cs("getctag"),
                  .rfc = "caldav-ctag-02 4.1",
                  .in_allprop = false,
                  .applies = stored_collection,
                  .write = [](const PropertyContext& c, xml::XmlWriter& w) {
                      w.leaf(xml::cs("getctag"), sync_token(*c.resource.collection));
                  }});
}

}  // namespace calbridge::caldav
