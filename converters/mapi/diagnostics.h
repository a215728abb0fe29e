#pragma once
// Warnings collected while converting one item. Converters never drop a value silently:
// anything they cannot represent faithfully is reported here, naming the item and property.
#include <string>
#include <vector>

namespace calbridge::mapi {

struct Diagnostic {
    std::string origin;   // e.g. "Calendar/United States holidays, item 0x2044"
    std::string message;  // e.g. "PidLidAppointmentRecur: recurrence blob truncated at byte 58"
};

class Diagnostics {
public:
    explicit Diagnostics(std::string origin = {}) : origin_(std::move(origin)) {}
    void warn(std::string message) { items_.push_back({origin_, std::move(message)}); }
    const std::vector<Diagnostic>& items() const { return items_; }
    bool empty() const { return items_.empty(); }
    const std::string& origin() const { return origin_; }

private:
    std::string origin_;
    std::vector<Diagnostic> items_;
};

}  // namespace calbridge::mapi
