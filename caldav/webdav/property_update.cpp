#include "caldav/webdav/property_update.h"

#include <algorithm>

namespace calbridge::caldav {

namespace {

bool holds_dead_properties(const Resource& r) { return r.kind == ResourceKind::object || r.is_stored_collection(); }

void drop_dead(PropertyPatch& patch, const xml::QName& name) {
    std::erase_if(patch.set, [&](const DeadProperty& d) { return d.ns == name.ns && d.name == name.name; });
    std::erase_if(patch.remove, [&](const auto& r) { return r.first == name.ns && r.second == name.name; });
}

}  // namespace

PropertyUpdatePlan plan_property_updates(const EngineServices& services, const Resource& resource, bool creating,
                                         const std::vector<xml::PropertyInstruction>& instructions) {
    PropertyUpdatePlan plan;
    for (const auto& in : instructions) {
        const xml::QName& name = in.prop.name;
        PropertyOutcome outcome{name, 200, std::nullopt};
        const bool set = in.op == xml::PropertyInstruction::Op::set;
        if (const LiveProperty* live = services.properties.live_on(name, resource)) {
            const auto setter = set ? live->set : nullptr;
            const auto remover = set ? nullptr : live->remove;
            if (!setter && !remover) {
                outcome = {name, 403, xml::dav("cannot-modify-protected-property")};
            } else {
                SetContext ctx{services, resource, creating, plan.patch.collection};
                const auto error = set ? setter(in.prop, ctx) : remover(ctx);
                if (error) outcome = {name, error->status, error->condition};
            }
        } else if (services.properties.find(name) && !holds_dead_properties(resource)) {
            outcome = {name, 403, xml::dav("cannot-modify-protected-property")};
        } else if (!holds_dead_properties(resource)) {
            outcome = {name, 403, std::nullopt};   // virtual resources keep no properties
        } else {
            drop_dead(plan.patch, name);
            if (set)
                plan.patch.set.push_back({name.ns, name.name, in.prop.xml});
            else
                plan.patch.remove.emplace_back(name.ns, name.name);
        }
        if (outcome.status != 200) plan.failed = true;
        plan.outcomes.push_back(std::move(outcome));
    }
    if (plan.failed)
        for (auto& o : plan.outcomes)
            if (o.status == 200) o.status = 424;   // RFC 4918 9.2.1 / 11.4 Failed Dependency
    return plan;
}

void write_outcome_propstats(xml::XmlWriter& w, const std::vector<PropertyOutcome>& outcomes) {
    std::vector<bool> written(outcomes.size(), false);
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        if (written[i]) continue;
        w.open(xml::dav("propstat")).open(xml::dav("prop"));
        for (std::size_t j = i; j < outcomes.size(); ++j) {
            if (written[j] || outcomes[j].status != outcomes[i].status || outcomes[j].condition != outcomes[i].condition)
                continue;
            w.empty(outcomes[j].name);
            written[j] = true;
        }
        w.close();
        w.leaf(xml::dav("status"), xml::status_line(outcomes[i].status));
        if (outcomes[i].condition) w.open(xml::dav("error")).empty(*outcomes[i].condition).close();
        w.close();
    }
}

}  // namespace calbridge::caldav
