#pragma once
// One EWS POST, without HTTP: authentication, request validation, fault injection, dispatch to
// the operation, response validation. The HTTP front (ews_standin.cpp) only moves bytes.
#include "ews_standin/faults.h"
#include "ews_standin/mailbox_store.h"
#include "ews_standin/schema_validator.h"
#include "ews_standin/stats.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace calbridge::ews_standin {

struct SoapAnswer {
    int status = 200;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    int delay_ms = 0;   // wait before answering
    bool drop = false;  // close the connection instead of sending the body
};

class SoapService {
public:
    SoapService(const EwsSchema& schema, MailboxStore& store, FaultPlan& faults, Stats& stats)
        : schema_(schema), store_(store), faults_(faults), stats_(stats) {}
    SoapAnswer handle(std::string_view authorization, std::string_view body);

private:
    SoapAnswer answer_valid(std::string user, const std::string& op, const _xmlDoc* doc);
    std::optional<std::string> store_password(const std::string& user);
    const EwsSchema& schema_;
    MailboxStore& store_;
    FaultPlan& faults_;
    Stats& stats_;
};

}  // namespace calbridge::ews_standin
