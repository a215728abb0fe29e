#pragma once
// The typed error of a request body the engine cannot accept: the HTTP status to answer with and,
// when an RFC names one, the precondition/postcondition element that goes into a DAV:error body
// (RFC 4918 16; RFC 4791 1.3). caldav/xml/multistatus.h error_body() turns it into that body.
#include <optional>
#include <stdexcept>
#include <utility>
#include <string>
#include <vector>

#include "caldav/xml/qname.h"

namespace calbridge::caldav::xml {

class RequestError : public std::runtime_error {
public:
    RequestError(int status, std::string message, std::optional<QName> condition = std::nullopt)
        : std::runtime_error(std::move(message)), status_(status), condition_(std::move(condition)) {}

    int status() const noexcept { return status_; }
    // e.g. {DAV:}valid-sync-token, {urn:ietf:params:xml:ns:caldav}supported-collation
    const std::optional<QName>& condition() const noexcept { return condition_; }

private:
    int status_;
    std::optional<QName> condition_;
};

// Shorthands for the common cases.
[[noreturn]] void bad_request(std::string message);                       // 400, no condition
[[noreturn]] void precondition_failed(QName condition, std::string message);  // 403 + condition

}  // namespace calbridge::caldav::xml
