// The live properties of RFC 4918 15 and the computed properties every resource has:
// supported-report-set (RFC 3253 3.1.5), current-user-principal (RFC 5397 3),
// principal-collection-set, owner, current-user-privilege-set (RFC 3744 5.8, 5.1, 5.4).
#include "caldav/access/privileges.h"
#include "caldav/access/sharing.h"
#include "caldav/engine/http_date.h"
#include "caldav/engine/property_registry.h"
#include "caldav/engine/report_registry.h"
#include "caldav/engine/responses.h"
#include "caldav/engine/url_layout.h"
#include "caldav/sync/sync_token.h"

namespace calbridge::caldav {

namespace {

using xml::dav;

bool any_resource(const Resource& r) { return r.exists(); }
bool object_or_stored_collection(const Resource& r) {
    return r.kind == ResourceKind::object || r.is_stored_collection();
}
bool object_or_calendar(const Resource& r) {
    return r.kind == ResourceKind::object || r.kind == ResourceKind::calendar;
}

std::int64_t modified_at(const Resource& r) { return r.object ? r.object->modified_at : r.collection->modified_at; }
std::int64_t created_at(const Resource& r) { return r.object ? r.object->created_at : r.collection->created_at; }

std::string display_name_of(const Resource& r) {
    switch (r.kind) {
        case ResourceKind::server_root:
        case ResourceKind::root: return "calbridge";
        case ResourceKind::principals: return "Principals";
        case ResourceKind::calendars: return "Calendar homes";
        case ResourceKind::principal:
            return r.principal->display_name.empty() ? r.principal->user : r.principal->display_name;
        default: return r.collection ? r.collection->props.display_name : std::string();
    }
}

PropertyError protected_property() {
    return {403, dav("cannot-modify-protected-property"), "protected property (RFC 4918 16)"};
}

// RFC 4918 15.2 displayname: live on collections (the Store keeps it with the collection),
// settable on stored ones; on objects it is an ordinary dead property.
void add_displayname(PropertyRegistry& registry) {
    registry.add({.name = dav("displayname"),
                  .rfc = "RFC 4918 15.2",
                  .in_allprop = true,
                  .applies = [](const Resource& r) { return r.is_collection(); },
                  .has_value = [](const PropertyContext& c) { return !display_name_of(c.resource).empty(); },
                  .write = [](const PropertyContext& c, xml::XmlWriter& w) {
                      w.leaf(dav("displayname"), display_name_of(c.resource));
                  },
                  .set = [](const xml::PropertyValue& v, SetContext& s) -> std::optional<PropertyError> {
                      if (!s.resource.is_stored_collection()) return protected_property();
                      s.patch.display_name = v.text;
                      return std::nullopt;
                  },
                  .remove = [](SetContext& s) -> std::optional<PropertyError> {
                      if (!s.resource.is_stored_collection()) return protected_property();
                      s.patch.display_name = std::string();
                      return std::nullopt;
                  }});
}

void add_resourcetype(PropertyRegistry& registry) {
    // RFC 4918 15.9; RFC 4791 4.2 CALDAV:calendar; RFC 3744 4 DAV:principal.
    registry.add({.name = dav("resourcetype"),
                  .rfc = "RFC 4918 15.9",
                  .in_allprop = true,
                  .applies = any_resource,
                  .write = [](const PropertyContext& c, xml::XmlWriter& w) {
                      w.open(dav("resourcetype"));
                      if (c.resource.is_collection()) w.empty(dav("collection"));
                      if (c.resource.kind == ResourceKind::calendar) {
                          w.empty(xml::caldav_name("calendar"));
                          write_sharing_resourcetype(c, w);   // CS:shared / CS:shared-owner
                      }
                      if (c.resource.kind == ResourceKind::principal) w.empty(dav("principal"));
                      w.close();
                  }});
}

void add_get_properties(PropertyRegistry& registry) {
    // RFC 4918 15.6: the entity tag GET returns; a calendar collection's GET is the whole calendar.
    registry.add({.name = dav("getetag"),
                  .rfc = "RFC 4918 15.6",
                  .in_allprop = true,
                  .applies = object_or_calendar,
                  .write = [](const PropertyContext& c, xml::XmlWriter& w) {
                      const Resource& r = c.resource;
                      w.leaf(dav("getetag"),
                             quoted_etag(r.object ? r.object->etag : collection_etag(*r.collection)));
                  }});
    registry.add({.name = dav("getcontenttype"),
                  .rfc = "RFC 4918 15.5",
                  .in_allprop = true,
                  .applies = object_or_calendar,
                  .has_value = [](const PropertyContext& c) {
                      return !c.resource.object || !c.resource.object->content_type.empty();
                  },
                  .write = [](const PropertyContext& c, xml::XmlWriter& w) {
                      w.leaf(dav("getcontenttype"), c.resource.object ? c.resource.object->content_type
                                                                      : "text/calendar; charset=utf-8");
                  }});
    registry.add({.name = dav("getcontentlength"),
                  .rfc = "RFC 4918 15.4",
                  .in_allprop = true,
                  .applies = [](const Resource& r) { return r.kind == ResourceKind::object; },
                  .write = [](const PropertyContext& c, xml::XmlWriter& w) {
                      w.leaf(dav("getcontentlength"), std::to_string(c.resource.object->size));
                  }});
    registry.add({.name = dav("getlastmodified"),
                  .rfc = "RFC 4918 15.7",
                  .in_allprop = true,
                  .applies = object_or_stored_collection,
                  .write = [](const PropertyContext& c, xml::XmlWriter& w) {
                      w.leaf(dav("getlastmodified"), http_date(modified_at(c.resource)));
                  }});
    registry.add({.name = dav("creationdate"),
                  .rfc = "RFC 4918 15.1",
                  .in_allprop = true,
                  .applies = object_or_stored_collection,
                  .write = [](const PropertyContext& c, xml::XmlWriter& w) {
                      w.leaf(dav("creationdate"), rfc3339_date(created_at(c.resource)));
                  }});
}

void add_lock_properties(PropertyRegistry& registry) {
    // RFC 4918 15.10 / 15.8: no locks are supported (DAV class 2 is not advertised), so both are
    // empty; clients such as litmus and Finder read them to find out.
    registry.add({.name = dav("supportedlock"),
                  .rfc = "RFC 4918 15.10",
                  .in_allprop = true,
                  .applies = any_resource,
                  .write = [](const PropertyContext&, xml::XmlWriter& w) { w.empty(dav("supportedlock")); }});
    registry.add({.name = dav("lockdiscovery"),
                  .rfc = "RFC 4918 15.8",
                  .in_allprop = true,
                  .applies = any_resource,
                  .write = [](const PropertyContext&, xml::XmlWriter& w) { w.empty(dav("lockdiscovery")); }});
}

void add_access_properties(PropertyRegistry& registry) {
    registry.add({.name = dav("current-user-principal"),
                  .rfc = "RFC 5397 3",
                  .in_allprop = false,
                  .applies = any_resource,
                  .write = [](const PropertyContext& c, xml::XmlWriter& w) {
                      w.open(dav("current-user-principal"));
                      if (c.who.user.empty())
                          w.empty(dav("unauthenticated"));
                      else
                          w.href(principal_path(c.who.user));
                      w.close();
                  }});
    registry.add({.name = dav("principal-collection-set"),
                  .rfc = "RFC 3744 5.8",
                  .in_allprop = false,
                  .applies = any_resource,
                  .write = [](const PropertyContext&, xml::XmlWriter& w) {
                      w.open(dav("principal-collection-set")).href(kPrincipalsRoot).close();
                  }});
    registry.add({.name = dav("owner"),
                  .rfc = "RFC 3744 5.1",
                  .in_allprop = false,
                  .applies = [](const Resource& r) { return !r.owner.empty() && r.exists(); },
                  .write = [](const PropertyContext& c, xml::XmlWriter& w) {
                      w.open(dav("owner")).href(principal_path(c.resource.owner)).close();
                  }});
    registry.add({.name = dav("current-user-privilege-set"),
                  .rfc = "RFC 3744 5.4",
                  .in_allprop = false,
                  .applies = any_resource,
                  .write = [](const PropertyContext& c, xml::XmlWriter& w) {
                      w.open(dav("current-user-privilege-set"));
                      for (const auto& name : privilege_names(privileges(c.who, c.resource)))
                          w.open(dav("privilege")).empty(name).close();
                      w.close();
                  }});
    registry.add({.name = dav("supported-report-set"),
                  .rfc = "RFC 3253 3.1.5",
                  .in_allprop = false,
                  .applies = any_resource,
                  .write = [](const PropertyContext& c, xml::XmlWriter& w) {
                      w.open(dav("supported-report-set"));
                      for (const ReportDefinition* r : c.services.reports.supported_on(c.resource))
                          w.open(dav("supported-report")).open(dav("report")).empty(r->name).close().close();
                      w.close();
                  }});
}

}  // namespace

void register_dav_properties(PropertyRegistry& registry) {
    add_resourcetype(registry);
    add_displayname(registry);
    add_get_properties(registry);
    add_lock_properties(registry);
    add_access_properties(registry);
}

}  // namespace calbridge::caldav
