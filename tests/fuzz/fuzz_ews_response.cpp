// libFuzzer target for what the EWS client reads from the network (ews/soap, ews/autodiscover):
// SOAP responses, faults, response messages, sync changes and extended properties, and both
// Autodiscover answers. Parsers may only fail with std::runtime_error; whatever parses must be
// walkable (every node handed out belongs to the document) and every number must be in range.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "ews/autodiscover/autodiscover.h"
#include "ews/operations/items.h"
#include "ews/soap/namespaces.h"
#include "ews/soap/response.h"
#include "ews/soap/xml.h"

using namespace calbridge::ews;

namespace {
void check(bool ok) {
    if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const auto r = soap::Response::parse(text);
        if (r->fault() && r->fault()->back_off) check(r->fault()->back_off->count() >= 0);
        for (const soap::ResponseMessage& m : r->messages()) {
            check(m.node.root() == r->body_element().root());
            if (m.back_off) check(m.back_off->count() >= 0);
            (void)m.ok();
            for (const pugi::xml_node items : xml::children(m.node, ns::kMessages, "Items")) {
                for (const pugi::xml_node item : xml::element_children(items)) {
                    (void)extended_property_value(item, pid_lid_global_object_id());
                    (void)xml::to_integer(xml::child_text(item, ns::kTypes, "Size"));
                }
            }
        }
    } catch (const std::runtime_error&) {
        // malformed input is reported, never crashes
    }
    const auto pox = autodiscover::parse_pox_response(text);
    if (pox.kind == autodiscover::PoxAnswer::Kind::settings) {
        check(!pox.internal_ews_url.empty() || !pox.external_ews_url.empty());
    }
    const auto soap_answer = autodiscover::parse_get_user_settings_response(text);
    if (soap_answer.kind == autodiscover::SoapAnswer::Kind::settings) {
        check(!soap_answer.internal_ews_url.empty() || !soap_answer.external_ews_url.empty());
    }
    return 0;
}
