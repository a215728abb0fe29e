#pragma once
// Helpers shared by the davxml tests.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <utility>

#include "caldav/xml/error.h"

namespace davxml_test {

// Runs f, which must throw RequestError, and returns the error for further checks.
template <class F>
calbridge::caldav::xml::RequestError request_error(F&& f) {
    try {
        std::forward<F>(f)();
    } catch (const calbridge::caldav::xml::RequestError& e) {
        return e;
    }
    FAIL("expected a RequestError, none was thrown");
    throw std::logic_error("unreachable");
}

inline bool has_condition(const calbridge::caldav::xml::RequestError& e, const char* ns, const char* name) {
    return e.condition() && e.condition()->ns == ns && e.condition()->name == name;
}

}  // namespace davxml_test
