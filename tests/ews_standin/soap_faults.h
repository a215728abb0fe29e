#pragma once
// SOAP 1.1 faults as Exchange sends them (HTTP 500): ErrorServerBusy with BackOffMilliseconds
// (tests/data/ews/samples/exchangelib-ErrorServerBusy-fault.xml) and the schema-validation
// fault with t:MessageXml LineNumber/LinePosition/Violation.
#include <string>

namespace calbridge::ews_standin {

std::string server_busy_fault(int backoff_ms);
// code: "ErrorSchemaValidation", "ErrorInvalidRequest" for an unsupported RequestServerVersion
// or operation, "ErrorInternalServerError" when the stand-in itself fails.
std::string schema_fault(const std::string& code, const std::string& violation, int line);

}  // namespace calbridge::ews_standin
