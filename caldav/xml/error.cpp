#include "caldav/xml/error.h"

namespace calbridge::caldav::xml {

void bad_request(std::string message) { throw RequestError(400, std::move(message)); }

void precondition_failed(QName condition, std::string message) {
    throw RequestError(403, std::move(message), std::move(condition));
}

}  // namespace calbridge::caldav::xml
