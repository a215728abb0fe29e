#include "ews_standin/stats.h"

#include <nlohmann/json.hpp>

namespace calbridge::ews_standin {

namespace {
nlohmann::json to_json(const OperationStats& s) {
    return {{"requests", s.requests},
            {"invalid_requests", s.invalid_requests},
            {"invalid_responses", s.invalid_responses},
            {"faults_injected", s.faults_injected},
            {"response_messages", s.response_messages},
            {"last_problem", s.last_problem}};
}
}  // namespace

OperationStats StatsSnapshot::total() const {
    OperationStats t;
    for (const auto& [op, s] : operations) {
        t.requests += s.requests;
        t.invalid_requests += s.invalid_requests;
        t.invalid_responses += s.invalid_responses;
        t.faults_injected += s.faults_injected;
        t.response_messages += s.response_messages;
    }
    return t;
}

std::string StatsSnapshot::json() const {
    nlohmann::json ops = nlohmann::json::object();
    for (const auto& [op, s] : operations) ops[op] = to_json(s);
    return nlohmann::json{{"total", to_json(total())}, {"unauthorized", unauthorized}, {"operations", ops}}.dump();
}

void Stats::request(const std::string& op) {
    std::lock_guard lock(mutex_);
    ++data_.operations[op].requests;
}
void Stats::invalid_request(const std::string& op, const std::string& problem) {
    std::lock_guard lock(mutex_);
    ++data_.operations[op].invalid_requests;
    if (!problem.empty()) data_.operations[op].last_problem = "request: " + problem;
}
void Stats::invalid_response(const std::string& op, const std::string& problem) {
    std::lock_guard lock(mutex_);
    ++data_.operations[op].invalid_responses;
    if (!problem.empty()) data_.operations[op].last_problem = "response: " + problem;
}
void Stats::fault(const std::string& op) {
    std::lock_guard lock(mutex_);
    ++data_.operations[op].faults_injected;
}
void Stats::response_messages(const std::string& op, std::uint64_t n) {
    std::lock_guard lock(mutex_);
    data_.operations[op].response_messages += n;
}
void Stats::unauthorized() {
    std::lock_guard lock(mutex_);
    ++data_.unauthorized;
}
void Stats::reset() {
    std::lock_guard lock(mutex_);
    data_ = {};
}
StatsSnapshot Stats::snapshot() const {
    std::lock_guard lock(mutex_);
    return data_;
}

}  // namespace calbridge::ews_standin
