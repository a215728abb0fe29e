#include "gateway/auth/failure_limiter.h"

#include <algorithm>

namespace calbridge::auth {

bool FailureLimiter::locked(std::string_view key, Clock::time_point now) const {
    if (max_failures_ == 0) return false;
    std::lock_guard lock(mutex_);
    auto found = failures_.find(std::string(key));
    return found != failures_.end() && found->second.count >= max_failures_ &&
           now - found->second.window_start < window_;
}

bool FailureLimiter::record_failure(std::string_view key, Clock::time_point now) {
    if (max_failures_ == 0 || capacity_ == 0) return false;
    std::lock_guard lock(mutex_);
    auto found = failures_.find(std::string(key));
    if (found == failures_.end()) {
        make_room(now);
        found = failures_.emplace(std::string(key), Failures{0, now}).first;
    }
    Failures& f = found->second;
    if (now - f.window_start >= window_) f = Failures{0, now};
    ++f.count;
    return f.count == max_failures_;
}

void FailureLimiter::record_success(std::string_view key) {
    std::lock_guard lock(mutex_);
    failures_.erase(std::string(key));
}

void FailureLimiter::make_room(Clock::time_point now) {
    if (failures_.size() < capacity_) return;
    std::erase_if(failures_, [&](const auto& entry) { return now - entry.second.window_start >= window_; });
    if (failures_.size() < capacity_) return;
    auto oldest = std::min_element(failures_.begin(), failures_.end(), [](const auto& a, const auto& b) {
        return a.second.window_start < b.second.window_start;
    });
    failures_.erase(oldest);
}

}  // namespace calbridge::auth
