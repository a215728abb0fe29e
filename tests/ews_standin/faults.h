#pragma once
// Faults the stand-in injects into its next requests, in the order they were planned. Each
// fault applies to `count` requests, optionally only to one operation ("SyncFolderItems").
#include <deque>
#include <mutex>
#include <optional>
#include <string>

namespace calbridge::ews_standin {

struct Fault {
    enum class Kind {
        ServerBusy,  // HTTP 500 SOAP fault ErrorServerBusy with BackOffMilliseconds = millis
        Http503,     // HTTP 503 with Retry-After = millis / 1000 (at least 1) seconds
        Http429,     // HTTP 429 Too Many Requests with Retry-After, as 503
        Http500,     // HTTP 500 with a plain-text body
        Delay,       // wait millis, then answer normally
        Drop,        // close the connection after the status line and headers, no body (not processed)
        DropAfter,   // process the request (its effects stay), then drop the answer as Drop does:
                     // the client cannot tell whether e.g. a CreateItem happened
    };
    Kind kind = Kind::ServerBusy;
    int count = 1;
    std::string operation;  // empty: any operation
    int millis = 0;
};

class FaultPlan {
public:
    void add(Fault fault);
    void throttle_next(int count, int backoff_ms, std::string operation = {}) {
        add({Fault::Kind::ServerBusy, count, std::move(operation), backoff_ms});
    }
    void http_503_next(int count, int retry_after_seconds = 1, std::string operation = {}) {
        add({Fault::Kind::Http503, count, std::move(operation), retry_after_seconds * 1000});
    }
    void http_429_next(int count, int retry_after_seconds = 1, std::string operation = {}) {
        add({Fault::Kind::Http429, count, std::move(operation), retry_after_seconds * 1000});
    }
    void http_500_next(int count, std::string operation = {}) { add({Fault::Kind::Http500, count, std::move(operation), 0}); }
    void delay_next(int count, int millis, std::string operation = {}) {
        add({Fault::Kind::Delay, count, std::move(operation), millis});
    }
    void drop_next(int count, std::string operation = {}) { add({Fault::Kind::Drop, count, std::move(operation), 0}); }
    void drop_after_processing_next(int count, std::string operation = {}) {
        add({Fault::Kind::DropAfter, count, std::move(operation), 0});
    }
    void clear();
    // The fault for a request of `operation`, consuming one of its count.
    std::optional<Fault> take(const std::string& operation);
    std::size_t pending() const;

    // Kind names used by the control endpoint: "server_busy", "http_503", "http_429", "http_500", "delay", "drop",
    // "drop_after".
    static std::optional<Fault::Kind> kind_from_name(const std::string& name);

private:
    mutable std::mutex mutex_;
    std::deque<Fault> faults_;
};

}  // namespace calbridge::ews_standin
