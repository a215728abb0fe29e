#pragma once
// JSON facts of an appointment as Outlook stored them (conformance/README.md documents the
// fields): start/end instants, zone, and the recurrence blob's own end and count.
#include <nlohmann/json.hpp>

#include "converters/mapi/appointment/appointment.h"

namespace calbridge::cli {

nlohmann::json appointment_facts(const mapi::Appointment& a);

}  // namespace calbridge::cli
