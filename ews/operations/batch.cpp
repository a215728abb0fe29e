#include "ews/operations/batch.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "ews/soap/namespaces.h"
#include "ews/soap/xml.h"

namespace calbridge::ews {

bool BatchResult::all_ok() const {
    return !stopped && std::all_of(items.begin(), items.end(), [](const ItemResult& r) { return r.ok(); });
}

void BatchResult::throw_first_error() const {
    if (stopped) throw *stopped;
    for (const ItemResult& r : items) {
        if (r.error) throw *r.error;
    }
}

BatchResult run_batched(EwsClient& client, std::string_view operation, std::size_t count, std::size_t batch_size,
                        Idempotency idempotency,
                        const std::function<std::string(std::size_t begin, std::size_t end)>& build_body,
                        const std::string& context) {
    BatchResult result;
    result.items.reserve(count);
    if (batch_size == 0) batch_size = 1;
    const int total = static_cast<int>(count);
    for (std::size_t begin = 0; begin < count; begin += batch_size) {
        const std::size_t end = std::min(count, begin + batch_size);
        std::unique_ptr<soap::Response> response;
        try {
            ++result.requests;
            response = client.call(operation, build_body(begin, end), idempotency);
            const std::size_t got = response->messages().size();
            if (got != end - begin) {
                throw EwsError::failure(std::string(operation), ErrorCategory::permanent, "expected " + std::to_string(end - begin) +
                                                " response messages, got " + std::to_string(got), 200, true);
            }
        } catch (const EwsError& caught) {
            const EwsError e = context.empty() ? caught : caught.with_context(context);
            spdlog::warn("EWS {}: items {}-{} of {} not done: {}", operation, begin + 1, count, count, e.what());
            result.stopped = e;
            for (std::size_t i = begin; i < count; ++i) {
                ItemResult r;
                r.index = i;
                r.error = e;
                result.items.push_back(std::move(r));
            }
            return result;
        }
        const auto& messages = response->messages();
        for (std::size_t i = begin; i < end; ++i) {
            const soap::ResponseMessage& m = messages[i - begin];
            ItemResult r;
            r.index = i;
            r.response_class = m.response_class;
            r.response_code = m.response_code;
            r.message_text = m.message_text;
            const pugi::xml_node items = xml::child(m.node, ns::kMessages, "Items");
            for (pugi::xml_node c = items.first_child(); c; c = c.next_sibling()) {
                if (c.type() == pugi::node_element) {
                    r.item = c;
                    break;
                }
            }
            if (r.item) r.id = parse_item_id(xml::child(r.item, ns::kTypes, "ItemId"));
            if (!m.ok()) {
                EwsError::Details d = EwsError::from_item(std::string(operation), static_cast<int>(i) + 1, total,
                                                          m.response_code, m.message_text)
                                          .details();
                d.back_off = m.back_off;
                d.context = context;  // an item refused as ErrorServerBusy says when to retry it
                r.error = EwsError(std::move(d));
            }
            result.items.push_back(std::move(r));
        }
        result.responses.push_back(std::move(response));
    }
    return result;
}

}  // namespace calbridge::ews
