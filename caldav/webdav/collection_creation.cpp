#include "caldav/webdav/collection_creation.h"

#include "caldav/engine/method_table.h"
#include "caldav/engine/responses.h"
#include "caldav/webdav/property_update.h"
#include "caldav/xml/href.h"

namespace calbridge::caldav {

Response create_collection(RequestContext& rq, const CollectionCreation& creation) {
    const std::string path = as_collection_path(rq.target.path);
    const std::string bare = path.substr(0, path.size() - 1);
    if (rq.store().collection(path) || rq.store().object_info(bare))
        return text_response(405, "a resource exists at this URL (RFC 4918 9.3.1)");
    const auto parent = rq.store().collection(parent_path(path));
    if (!parent) return text_response(409, "the parent collection does not exist (RFC 4918 9.3.1)");
    if (parent->kind == CollectionKind::calendar) {   // RFC 4791 4.2: no collections in calendars
        if (creation.location_condition) return error_response(403, *creation.location_condition);
        return text_response(403, "calendar collections hold no collections (RFC 4791 4.2)");
    }

    // The collection as it will be, so the live properties of its kind apply.
    Collection future;
    future.path = path;
    future.owner = rq.target.owner;
    future.kind = creation.kind;
    const Resource resource = collection_resource(future);
    std::vector<xml::PropertyInstruction> instructions;
    for (const auto& p : creation.set) instructions.push_back({xml::PropertyInstruction::Op::set, p});
    const PropertyUpdatePlan plan = plan_property_updates(rq.services, resource, true, instructions);
    if (plan.failed) {
        xml::XmlWriter w;
        w.open(creation.response_root);
        write_outcome_propstats(w, plan.outcomes);
        Response r;
        r.status = 403;
        r.headers.set("Content-Type", std::string(kXmlContentType));
        r.body = w.finish();
        return r;
    }

    // The collection and every property of the request in one Store write: a failure leaves no
    // collection behind (RFC 4791 5.3.1.2, RFC 5689 3: the request fails as a whole).
    const WriteResult made =
        rq.store().make_collection(path, rq.target.owner, creation.kind, plan.patch.collection, plan.patch.set);
    if (made.status != WriteStatus::created) return write_result_response(made);
    Response r = empty_response(201);
    r.headers.set("Location", rq.request.origin + xml::encode_href(rq.presented(path)));
    return r;
}

}  // namespace calbridge::caldav
