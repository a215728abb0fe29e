#pragma once
// Turning DAV:set / DAV:remove instructions (PROPPATCH, extended MKCOL, MKCALENDAR) into one
// Store PropertyPatch, all or nothing (RFC 4918 9.2): live properties go through their
// registered setters into the CollectionPatch, protected ones fail with 403
// DAV:cannot-modify-protected-property, everything else is a dead property kept verbatim.
// When anything fails, nothing is written and every other property reports 424 Failed Dependency.
#include <optional>
#include <string>
#include <vector>

#include "caldav/engine/property_registry.h"
#include "caldav/engine/request_context.h"
#include "caldav/store/store.h"
#include "caldav/xml/proppatch.h"
#include "caldav/xml/writer.h"

namespace calbridge::caldav {

struct PropertyOutcome {
    xml::QName name;
    int status = 200;
    std::optional<xml::QName> condition;
};

struct PropertyUpdatePlan {
    PropertyPatch patch;
    std::vector<PropertyOutcome> outcomes;   // one per instruction, document order
    bool failed = false;
};

// resource: the target (for MKCOL/MKCALENDAR: the collection about to be created, creating set).
PropertyUpdatePlan plan_property_updates(const EngineServices& services, const Resource& resource, bool creating,
                                         const std::vector<xml::PropertyInstruction>& instructions);

// Writes <D:propstat> elements grouping the outcomes by status (and condition) into w, which
// has a DAV:response or mkcol-response / mkcalendar-response element open.
void write_outcome_propstats(xml::XmlWriter& w, const std::vector<PropertyOutcome>& outcomes);

}  // namespace calbridge::caldav
