#pragma once
// A small cpp-httplib server for the EWS client's tests: canned or computed answers per path,
// every request recorded, and every EWS request (the /EWS/ path) validated against Microsoft's
// schema (tests/ews_standin/schema_validator.h) as it arrives. The count of validated requests
// is printed when the server stops (issue 5: "count them in the test output").
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "ews_standin/schema_validator.h"

namespace calbridge::ews::test {

namespace fs = std::filesystem;
inline const fs::path kEwsData = fs::path(CALBRIDGE_TEST_DATA) / "ews";

inline std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + p.string());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline std::string sample(const std::string& name) { return read_file(kEwsData / "samples" / name); }
inline std::string autodiscover_sample(const std::string& name) { return read_file(kEwsData / "autodiscover" / name); }

inline const ews_standin::EwsSchema& schema() {
    static const ews_standin::EwsSchema compiled(kEwsData / "schema" / "soap-envelope-wrapper.xsd");
    return compiled;
}

struct Recorded {
    std::string path;
    std::string body;
    std::string operation;      // the soap:Body's first element (EWS requests)
    std::string authorization;  // the Authorization header as received
    std::string user_agent;
    int remote_port = 0;        // one value per TCP connection
    bool valid = true;          // schema verdict (EWS requests)
    std::string problems;
};

struct Canned {
    int status = 200;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

// Requests validated by every CannedServer of this process, printed at exit.
struct SchemaTotals {
    std::atomic<int> validated{0};
    std::atomic<int> invalid{0};
    ~SchemaTotals() {
        std::cout << "[ews schema] total: " << validated.load()
                  << " client requests validated against messages.xsd/types.xsd in this run, " << invalid.load()
                  << " invalid\n";
    }
};
inline SchemaTotals& totals() {
    static SchemaTotals t;
    return t;
}

class CannedServer {
public:
    using Handler = std::function<Canned(const Recorded&)>;

    // tls: HTTPS with tests/data/ews/tls/server-cert.pem (self-signed, 127.0.0.1).
    explicit CannedServer(bool tls = false) : tls_(tls) {
        (void)totals();  // constructed first, destroyed (and printed) after every server
        if (tls) {
            const std::string cert = (kEwsData / "tls" / "server-cert.pem").string();
            const std::string key = (kEwsData / "tls" / "server-key.pem").string();
            server_ = std::make_unique<httplib::SSLServer>(cert.c_str(), key.c_str());
        } else {
            server_ = std::make_unique<httplib::Server>();
        }
        server_->set_keep_alive_max_count(1000);
        server_->set_keep_alive_timeout(30);
        server_->Post(".*", [this](const httplib::Request& req, httplib::Response& res) { serve(req, res); });
        server_->Get(".*", [this](const httplib::Request& req, httplib::Response& res) { serve(req, res); });
        port_ = server_->bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_->listen_after_bind(); });
        // stop() is a no-op until the accept loop runs: wait for it, or the destructor could hang.
        while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~CannedServer() {
        server_->stop();
        thread_.join();
        std::cout << "[ews schema] " << validated_.load() << " client requests validated against messages.xsd/types.xsd ("
                  << invalid_.load() << " invalid)\n";
    }
    CannedServer(const CannedServer&) = delete;
    CannedServer& operator=(const CannedServer&) = delete;

    std::string base() const { return (tls_ ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(port_); }
    std::string ews_url() const { return base() + "/EWS/Exchange.asmx"; }

    // Answers, in order, for requests to path; the last one repeats once the queue is empty.
    void queue(const std::string& path, Canned canned) {
        std::lock_guard lock(mutex_);
        queues_[path].push_back(std::move(canned));
    }
    // Computed answers for path (take precedence over queued ones).
    void handle(const std::string& path, Handler handler) {
        std::lock_guard lock(mutex_);
        handlers_[path] = std::move(handler);
    }

    std::vector<Recorded> requests() const {
        std::lock_guard lock(mutex_);
        return recorded_;
    }
    std::vector<Recorded> requests_for(const std::string& operation) const {
        std::vector<Recorded> out;
        for (auto& r : requests())
            if (r.operation == operation) out.push_back(r);
        return out;
    }
    // Distinct TCP connections the requests came on.
    std::size_t connections() const {
        std::set<int> ports;
        for (const auto& r : requests()) ports.insert(r.remote_port);
        return ports.size();
    }
    int validated() const { return validated_.load(); }
    int invalid() const { return invalid_.load(); }
    std::string invalid_report() const {
        std::string out;
        for (const auto& r : requests())
            if (!r.valid) out += r.operation + ": " + r.problems + "\n" + r.body + "\n";
        return out;
    }

private:
    void serve(const httplib::Request& req, httplib::Response& res) {
        Recorded r;
        r.path = req.path;
        r.body = req.body;
        r.authorization = req.get_header_value("Authorization");
        r.user_agent = req.get_header_value("User-Agent");
        r.remote_port = req.remote_port;
        // NTLM/Negotiate handshake legs carry no body (curl sends the envelope with the
        // authenticated leg): nothing to validate there.
        if (req.path.find("/EWS/") != std::string::npos && !req.body.empty()) {
            const auto v = schema().validate(req.body);
            r.operation = v.body_element;
            r.valid = v.valid;
            for (const auto& p : v.problems) r.problems += "line " + std::to_string(p.line) + ": " + p.message + "; ";
            ++validated_;
            ++totals().validated;
            if (!v.valid) {
                ++invalid_;
                ++totals().invalid;
            }
        }
        Canned answer;
        {
            std::lock_guard lock(mutex_);
            recorded_.push_back(r);
        }
        Handler handler;
        {
            std::lock_guard lock(mutex_);
            if (auto h = handlers_.find(req.path); h != handlers_.end()) handler = h->second;
        }
        if (handler) {
            answer = handler(r);
        } else {
            std::lock_guard lock(mutex_);
            auto q = queues_.find(req.path);
            if (q == queues_.end() || q->second.empty()) {
                answer = Canned{404, "no canned answer for " + req.path, {}};
            } else {
                answer = q->second.front();
                if (q->second.size() > 1) q->second.pop_front();
            }
        }
        res.status = answer.status;
        for (const auto& [name, value] : answer.headers) res.set_header(name, value);
        res.set_content(answer.body, "text/xml; charset=utf-8");
    }

    bool tls_ = false;
    std::unique_ptr<httplib::Server> server_;
    int port_ = 0;
    std::thread thread_;
    mutable std::mutex mutex_;
    std::map<std::string, std::deque<Canned>> queues_;
    std::map<std::string, Handler> handlers_;
    std::vector<Recorded> recorded_;
    std::atomic<int> validated_{0};
    std::atomic<int> invalid_{0};
};

// A TCP server that reads each request and closes the connection without answering (a dropped
// connection after the request reached the server).
class DroppingServer {
public:
    // answer_first: how many requests get `answer` (HTTP 200, connection kept alive) before the
    // server starts dropping.
    explicit DroppingServer(int answer_first = 0, std::string answer = {});
    ~DroppingServer();
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/EWS/Exchange.asmx"; }
    int requests_seen() const { return seen_.load(); }

private:
    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<int> seen_{0};
    int answer_first_ = 0;
    std::string answer_;
    std::thread thread_;
};

// Helpers to write responses the schema accepts.
inline std::string envelope(const std::string& body) {
    return R"(<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">)"
           R"(<s:Header><h:ServerVersionInfo MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507" MinorBuildNumber="6" Version="V2017_07_11" xmlns:h="http://schemas.microsoft.com/exchange/services/2006/types"/></s:Header>)"
           R"(<s:Body>)" + body + "</s:Body></s:Envelope>";
}
inline std::string response(const std::string& operation, const std::string& messages) {
    return envelope("<m:" + operation + R"(Response xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><m:ResponseMessages>)" +
                    messages + "</m:ResponseMessages></m:" + operation + "Response>");
}
inline std::string error_message(const std::string& operation, const std::string& code, const std::string& text,
                                 const std::string& extra = "") {
    return "<m:" + operation + R"(ResponseMessage ResponseClass="Error"><m:MessageText>)" + text +
           "</m:MessageText><m:ResponseCode>" + code + "</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>" +
           extra + "</m:" + operation + "ResponseMessage>";
}

}  // namespace calbridge::ews::test
