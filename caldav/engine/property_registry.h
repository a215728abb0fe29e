#pragma once
// Live properties as small handlers registered by qualified name (DESIGN.md, after Xandikos'
// webdav.Property classes): each says where it is defined (RFC section), on which resources it
// is live, whether DAV:allprop returns it, how to write its value, and whether and how PROPPATCH,
// MKCALENDAR and extended MKCOL may set it (into a CollectionPatch). Every other property name is
// a dead property kept verbatim by the Store (RFC 4918 4.3).
//
// Adding a property = one LiveProperty in the register_* function of its module
// (webdav/dav_properties.cpp, principals/principal_properties.cpp,
// calendar_access/calendar_properties.cpp, sync/sync_properties.cpp).
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "caldav/access/privileges.h"
#include "caldav/engine/resource.h"
#include "caldav/store/store.h"
#include "caldav/xml/property_value.h"
#include "caldav/xml/prop_selection.h"
#include "caldav/xml/qname.h"
#include "caldav/xml/writer.h"

namespace calbridge::caldav {

struct EngineServices;

// What a property getter may look at.
struct PropertyContext {
    const EngineServices& services;
    Requester who;                  // the authenticated user and the calendars shared with them
    const Resource& resource;
    // The request's selection (REPORTs: the CALDAV:calendar-data options); may be null.
    const xml::PropSelection* selection = nullptr;
};

// Why a property could not be set: 403 (protected, with a condition) or 409 (a value whose
// semantics do not fit, RFC 4918 9.2.1).
struct PropertyError {
    int status = 409;
    std::optional<xml::QName> condition;
    std::string message;
};

// What a setter may look at and change.
struct SetContext {
    const EngineServices& services;
    const Resource& resource;   // for MKCOL/MKCALENDAR: the collection being created (its kind set)
    bool creating = false;      // MKCALENDAR / extended MKCOL (some properties are set only then)
    CollectionPatch& patch;
};

struct LiveProperty {
    xml::QName name;
    std::string_view rfc;       // "RFC 4918 15.2"
    bool in_allprop = false;    // returned by DAV:allprop (and listed by DAV:propname either way)
    // Live on this resource: else the name is an ordinary dead property there.
    bool (*applies)(const Resource&) = nullptr;
    // Has a value now (else 404 in PROPFIND); nullptr = always.
    bool (*has_value)(const PropertyContext&) = nullptr;
    // Writes the whole property element, e.g. <D:getetag>"x"</D:getetag>.
    void (*write)(const PropertyContext&, xml::XmlWriter&) = nullptr;
    // nullptr = protected: 403 DAV:cannot-modify-protected-property (RFC 4918 16).
    std::optional<PropertyError> (*set)(const xml::PropertyValue&, SetContext&) = nullptr;
    std::optional<PropertyError> (*remove)(SetContext&) = nullptr;
};

class PropertyRegistry {
public:
    // Throws std::logic_error when the name is registered already (one handler per name).
    void add(LiveProperty property);
    const LiveProperty* find(const xml::QName& name) const;
    // The handler when the property is live on `resource`, else nullptr (a dead property).
    const LiveProperty* live_on(const xml::QName& name, const Resource& resource) const;
    // Registration order, which is the order of allprop / propname answers.
    const std::vector<LiveProperty>& all() const { return properties_; }

private:
    std::vector<LiveProperty> properties_;
    std::unordered_map<xml::QName, std::size_t> index_;
};

// The module registrations, called once by the Engine.
void register_dav_properties(PropertyRegistry& registry);         // RFC 4918 15, RFC 3253, RFC 5397, RFC 3744
void register_principal_properties(PropertyRegistry& registry);   // RFC 3744 4, RFC 4791 6.2, RFC 6638 2.4.1
void register_calendar_properties(PropertyRegistry& registry);    // RFC 4791 5.2, Apple ICAL
void register_sync_properties(PropertyRegistry& registry);        // RFC 6578 4, CS getctag
void register_sharing_properties(PropertyRegistry& registry);     // CalendarServer sharing (issue 6)

}  // namespace calbridge::caldav
