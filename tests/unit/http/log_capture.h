#pragma once
// Captures what the server logs (the default logger at debug level and the "access" logger)
// so tests can wait for an event instead of sleeping, and check what is (not) logged.
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

namespace calbridge::http::test {

class CaptureSink : public spdlog::sinks::base_sink<std::mutex> {
public:
    std::vector<std::string> lines() {
        std::lock_guard lock(mutex_);
        return lines_;
    }
    // Waits until a line containing text was logged; false after the timeout.
    bool wait_for(const std::string& text, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, timeout, [&] {
            for (const auto& line : lines_)
                if (line.find(text) != std::string::npos) return true;
            return false;
        });
    }

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        // base_sink holds mutex_ here.
        lines_.emplace_back(msg.payload.data(), msg.payload.size());
        changed_.notify_all();
    }
    void flush_() override {}

private:
    std::vector<std::string> lines_;
    std::condition_variable_any changed_;
};

class LogCapture {
public:
    LogCapture()
        : previous_default_(spdlog::default_logger()),
          server_(std::make_shared<CaptureSink>()),
          access_(std::make_shared<CaptureSink>()) {
        auto logger = std::make_shared<spdlog::logger>("test-default", server_);
        logger->set_level(spdlog::level::debug);
        spdlog::set_default_logger(logger);
        spdlog::drop("access");
        auto access = std::make_shared<spdlog::logger>("access", access_);
        access->set_level(spdlog::level::info);
        spdlog::register_logger(access);
    }
    ~LogCapture() {
        spdlog::drop("access");
        spdlog::set_default_logger(previous_default_);
    }
    CaptureSink& server() { return *server_; }
    CaptureSink& access() { return *access_; }

private:
    std::shared_ptr<spdlog::logger> previous_default_;
    std::shared_ptr<CaptureSink> server_;
    std::shared_ptr<CaptureSink> access_;
};

}  // namespace calbridge::http::test
