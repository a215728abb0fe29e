#include "caldav/principals/calendar_server_properties.h"

namespace calbridge::caldav {

namespace {

bool is_principal(const Resource& r) { return r.kind == ResourceKind::principal; }

}  // namespace

void register_calendar_server_principal_properties(PropertyRegistry& registry) {
    // CalendarServer caldav-proxy.txt: the principals this one is a read / write proxy for.
    registry.add({.name = xml::cs("calendar-proxy-read-for"),
                  .rfc = "CalendarServer caldav-proxy 5.3.1",
                  .in_allprop = false,
                  .applies = is_principal,
                  .write = [](const PropertyContext&, xml::XmlWriter& w) { w.empty(xml::cs("calendar-proxy-read-for")); }});
    registry.add({.name = xml::cs("calendar-proxy-write-for"),
                  .rfc = "CalendarServer caldav-proxy 5.3.2",
                  .in_allprop = false,
                  .applies = is_principal,
                  .write = [](const PropertyContext&, xml::XmlWriter& w) { w.empty(xml::cs("calendar-proxy-write-for")); }});
    // <CS:email-address-set><CS:email-address>a@b</CS:email-address></CS:email-address-set>
    registry.add({.name = xml::cs("email-address-set"),
                  .rfc = "CalendarServer email-address-set",
                  .in_allprop = false,
                  .applies = is_principal,
                  .write = [](const PropertyContext& c, xml::XmlWriter& w) {
                      w.open(xml::cs("email-address-set"));
                      if (!c.resource.principal->email.empty())
                          w.leaf(xml::cs("email-address"), c.resource.principal->email);
                      w.close();
                  }});
}

}  // namespace calbridge::caldav
