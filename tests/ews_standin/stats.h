#pragma once
// What the stand-in counts, per operation: requests, requests that failed the schema, responses
// that failed it (a stand-in bug: tests assert 0), faults injected.
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace calbridge::ews_standin {

struct OperationStats {
    std::uint64_t requests = 0;
    std::uint64_t invalid_requests = 0;
    std::uint64_t invalid_responses = 0;
    std::uint64_t faults_injected = 0;
    // m:*ResponseMessage elements answered: one per item asked of a batch operation (GetItem,
    // CreateItem, UpdateItem, DeleteItem), one per folder or page otherwise. Lets a benchmark
    // tell "GetItem for 10 items" from "GetItem for 5,000" (bench/ews).
    std::uint64_t response_messages = 0;
    std::string last_problem;  // the latest schema problem of a request or response, for debugging
};

struct StatsSnapshot {
    std::map<std::string, OperationStats> operations;  // "?" for bodies that name no operation
    std::uint64_t unauthorized = 0;
    OperationStats total() const;
    std::string json() const;  // {"total":{...},"unauthorized":N,"operations":{"GetItem":{...}}}
};

class Stats {
public:
    void request(const std::string& op);
    void invalid_request(const std::string& op, const std::string& problem = {});
    void invalid_response(const std::string& op, const std::string& problem = {});
    void fault(const std::string& op);
    void response_messages(const std::string& op, std::uint64_t n);
    void unauthorized();
    void reset();
    StatsSnapshot snapshot() const;

private:
    mutable std::mutex mutex_;
    StatsSnapshot data_;
};

}  // namespace calbridge::ews_standin
