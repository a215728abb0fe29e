#pragma once
// Batched item operations (GetItem, CreateItem, UpdateItem, DeleteItem): the inputs are split
// into requests of at most batch_size items; each item gets one result, in input order. A
// per-item error in a response is a result (ItemResult::error), never an exception. When a
// whole request fails (transport, fault, HTTP), the items of that batch and of every later one
// carry that error, BatchResult::stopped holds it, and no further request is sent.
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "ews/client.h"
#include "ews/errors.h"
#include "ews/operations/ids.h"
#include "ews/soap/response.h"

namespace calbridge::ews {

struct ItemResult {
    std::size_t index = 0;        // position in the caller's input
    std::string response_class;   // "Success" / "Warning" / "Error"; "" when no answer came
    std::string response_code;    // "NoError", "ErrorItemNotFound"...
    std::string message_text;
    // The first item of the response message's m:Items (t:CalendarItem...); null when none.
    // Valid while the BatchResult that holds it lives.
    pugi::xml_node item;
    ItemId id;                    // item's t:ItemId, when present
    std::optional<EwsError> error;

    bool ok() const noexcept { return !error.has_value(); }
};

struct BatchResult {
    std::vector<std::unique_ptr<soap::Response>> responses;  // own the documents `item` points into
    std::vector<ItemResult> items;                            // one per input, input order
    std::optional<EwsError> stopped;
    std::size_t requests = 0;                                 // requests sent (not counting retries)

    bool all_ok() const;
    // Throws the first error (stopped or per-item): for callers that want exceptions.
    void throw_first_error() const;
};

// Runs `count` inputs through `operation` in batches. build_body(begin, end) returns the
// m:<Operation> element for inputs [begin, end). context ("folder 'calendar'") goes into every
// error's message.
BatchResult run_batched(EwsClient& client, std::string_view operation, std::size_t count, std::size_t batch_size,
                        Idempotency idempotency,
                        const std::function<std::string(std::size_t begin, std::size_t end)>& build_body,
                        const std::string& context = {});

}  // namespace calbridge::ews
