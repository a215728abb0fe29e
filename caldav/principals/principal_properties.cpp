// Properties of principal resources: RFC 3744 4 (principal-URL, alternate-URI-set,
// group-membership, group-member-set), RFC 4791 6.2.1 calendar-home-set, RFC 6638 2.4.1/2.4.2
// calendar-user-address-set and calendar-user-type (Apple Calendar and Thunderbird read them
// to find the user's calendars and to recognise the user among attendees).
#include "caldav/engine/property_registry.h"
#include "caldav/engine/url_layout.h"

namespace calbridge::caldav {

namespace {

using xml::caldav_name;
using xml::dav;

bool is_principal(const Resource& r) { return r.kind == ResourceKind::principal; }

}  // namespace

void register_principal_properties(PropertyRegistry& registry) {
    registry.add({.name = dav("principal-URL"),
                  .rfc = "RFC 3744 4.2",
                  .in_allprop = false,
                  .applies = is_principal,
                  .write = [](const PropertyContext& c, xml::XmlWriter& w) {
                      w.open(dav("principal-URL")).href(principal_path(c.resource.principal->user)).close();
                  }});
    registry.add({.name = dav("alternate-URI-set"),
                  .rfc = "RFC 3744 4.1",
                  .in_allprop = false,
                  .applies = is_principal,
                  .write = [](const PropertyContext&, xml::XmlWriter& w) { w.empty(dav("alternate-URI-set")); }});
    registry.add({.name = dav("group-membership"),
                  .rfc = "RFC 3744 4.4",
                  .in_allprop = false,
                  .applies = is_principal,
                  .write = [](const PropertyContext&, xml::XmlWriter& w) { w.empty(dav("group-membership")); }});
    registry.add({.name = dav("group-member-set"),
                  .rfc = "RFC 3744 4.3",
                  .in_allprop = false,
                  .applies = is_principal,
                  .write = [](const PropertyContext&, xml::XmlWriter& w) { w.empty(dav("group-member-set")); }});
    registry.add({.name = caldav_name("calendar-home-set"),
                  .rfc = "RFC 4791 6.2.1",
                  .in_allprop = false,
                  .applies = is_principal,
                  .write = [](const PropertyContext& c, xml::XmlWriter& w) {
                      w.open(caldav_name("calendar-home-set")).href(home_path(c.resource.principal->user)).close();
                  }});
    registry.add({.name = caldav_name("calendar-user-address-set"),
                  .rfc = "RFC 6638 2.4.1",
                  .in_allprop = false,
                  .applies = is_principal,
                  .write = [](const PropertyContext& c, xml::XmlWriter& w) {
                      const Principal& p = *c.resource.principal;
                      w.open(caldav_name("calendar-user-address-set"));
                      if (!p.email.empty()) w.href_raw("mailto:" + p.email);
                      w.href(principal_path(p.user));
                      w.close();
                  }});
    registry.add({.name = caldav_name("calendar-user-type"),
                  .rfc = "RFC 6638 2.4.2",
                  .in_allprop = false,
                  .applies = is_principal,
                  .write = [](const PropertyContext&, xml::XmlWriter& w) {
                      w.leaf(caldav_name("calendar-user-type"), "INDIVIDUAL");
                  }});
}

}  // namespace calbridge::caldav
