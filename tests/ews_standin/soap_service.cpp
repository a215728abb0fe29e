#include "ews_standin/soap_service.h"

#include "ews_standin/operation.h"
#include "ews_standin/soap_faults.h"
#include "ews_standin/xml_in.h"
#include "ews_standin/xml_out.h"
#include "gateway/auth/basic_auth.h"

#include <spdlog/spdlog.h>

#include <iterator>

namespace calbridge::ews_standin {

namespace {
SoapAnswer xml(int status, std::string body) { return {status, std::move(body), {}, 0, false}; }
}  // namespace

SoapAnswer SoapService::handle(std::string_view authorization, std::string_view body) {
    // Basic authentication, credentials on every request (exchangelib's auth_type=BASIC).
    auto credentials = auth::parse_basic_authorization(authorization);
    auto expected = credentials ? store_password(credentials->user) : std::nullopt;
    if (!credentials || !expected || *expected != credentials->password) {
        stats_.unauthorized();
        return {401, "", {{"WWW-Authenticate", "Basic realm=\"127.0.0.1\""}}, 0, false};
    }
    XmlDoc doc;
    Validation validation = schema_.validate(body, &doc);
    std::string op = validation.body_element.empty() ? "?" : validation.body_element;
    stats_.request(op);
    // The Body child of a request must be an operation, the envelope's root soap:Envelope
    // (ews/research/xsd-validation.md section 3, limits of the wrapper schema).
    if (validation.valid && (doc == nullptr || xml_in::operation(doc.get()) == nullptr || op.ends_with("Response"))) {
        validation.valid = false;
        validation.problems.push_back({0, "the soap:Body must hold one EWS request element"});
    }
    if (!validation.valid) {
        const auto& p = validation.problems.empty() ? SchemaProblem{0, "invalid"} : validation.problems.front();
        stats_.invalid_request(op, "line " + std::to_string(p.line) + ": " + p.message);
        spdlog::warn("EWS stand-in: {} request from {} fails the schema: line {}: {}", op, credentials->user, p.line, p.message);
        const bool version = p.message.find("ExchangeVersionType") != std::string::npos ||
                             p.message.find("RequestServerVersion") != std::string::npos;
        std::string fault = schema_fault(version ? "ErrorInvalidRequest" : "ErrorSchemaValidation", p.message, p.line);
        if (!schema_.validate(fault).valid) stats_.invalid_response(op);
        return xml(500, std::move(fault));
    }
    if (auto fault = faults_.take(op)) {
        stats_.fault(op);
        switch (fault->kind) {
            case Fault::Kind::ServerBusy: {
                std::string busy = server_busy_fault(fault->millis);
                if (!schema_.validate(busy).valid) stats_.invalid_response(op);
                return xml(500, std::move(busy));
            }
            case Fault::Kind::Http503:
                return {503, "Service Unavailable", {{"Retry-After", std::to_string(std::max(1, fault->millis / 1000))}}, 0, false};
            case Fault::Kind::Http429:
                return {429, "Too Many Requests", {{"Retry-After", std::to_string(std::max(1, fault->millis / 1000))}}, 0, false};
            case Fault::Kind::Http500: return {500, "Internal Server Error", {}, 0, false};
            case Fault::Kind::Drop: return {200, "", {}, 0, true};
            case Fault::Kind::DropAfter: {
                SoapAnswer a = answer_valid(credentials->user, op, doc.get());
                a.body.clear();
                a.drop = true;
                return a;
            }
            case Fault::Kind::Delay: {
                SoapAnswer a = answer_valid(credentials->user, op, doc.get());
                a.delay_ms = fault->millis;
                return a;
            }
        }
    }
    return answer_valid(credentials->user, op, doc.get());
}

std::optional<std::string> SoapService::store_password(const std::string& user) {
    std::lock_guard lock(store_.mutex);
    return store_.password_of(user);
}

SoapAnswer SoapService::answer_valid(std::string user, const std::string& op, const _xmlDoc* doc) {
    std::string time_zone = "UTC";
    if (const xmlNode* context = xml_in::child(xml_in::header(doc), "TimeZoneContext", xml_in::kTypes))
        time_zone = xml_in::attr_or(xml_in::child(context, "TimeZoneDefinition"), "Id", "UTC");
    xml_out::Envelope envelope;
    bool known;
    try {
        std::lock_guard lock(store_.mutex);
        OperationContext ctx{store_, std::move(user), xml_in::operation(doc), time_zone};
        known = dispatch(op, ctx, envelope.body());
    } catch (const std::exception& e) {
        // A stand-in bug: answered as Exchange answers its own failures, and counted.
        spdlog::error("EWS stand-in BUG: {} threw: {}", op, e.what());
        stats_.invalid_response(op);
        return xml(500, schema_fault("ErrorInternalServerError", std::string("stand-in failure: ") + e.what(), 0));
    }
    if (!known) {
        // Exchange knows every operation of the schema; the stand-in answers the ones it has not
        // implemented like an operation this server version lacks.
        std::string fault = schema_fault("ErrorInvalidRequest", "The stand-in does not implement " + op, 0);
        return xml(500, std::move(fault));
    }
    const auto messages = envelope.body().first_child().child("m:ResponseMessages").children();
    stats_.response_messages(op, static_cast<std::uint64_t>(std::distance(messages.begin(), messages.end())));
    std::string out = envelope.str();
    spdlog::debug("EWS stand-in: {}: {} bytes answered", op, out.size());
    Validation check = schema_.validate(out);
    if (!check.valid) {
        stats_.invalid_response(op, check.problems.empty() ? "invalid" : check.problems.front().message);
        for (const auto& p : check.problems)
            spdlog::error("EWS stand-in BUG: the {}Response it sends fails the schema: line {}: {}", op, p.line, p.message);
        spdlog::error("EWS stand-in BUG: invalid response was: {}", out);
    }
    return xml(200, std::move(out));
}

}  // namespace calbridge::ews_standin
