#include "gateway/http/session_registry.h"

#include <vector>

namespace calbridge::http {

void SessionRegistry::add(const std::shared_ptr<SessionControl>& session) {
    std::lock_guard lock(mutex_);
    sessions_.emplace(session.get(), session);
}

void SessionRegistry::remove(const SessionControl* session) {
    bool drained = false;
    {
        std::lock_guard lock(mutex_);
        sessions_.erase(session);
        drained = sessions_.empty() && stopping();
    }
    if (drained && on_drained_) on_drained_();
}

std::size_t SessionRegistry::size() const {
    std::lock_guard lock(mutex_);
    return sessions_.size();
}

template <class F>
void SessionRegistry::for_each(F f) {
    // Calls happen outside the lock: dropping the last reference runs the session's
    // destructor, which calls remove().
    std::vector<std::shared_ptr<SessionControl>> alive;
    {
        std::lock_guard lock(mutex_);
        alive.reserve(sessions_.size());
        for (auto& [key, weak] : sessions_)
            if (auto session = weak.lock()) alive.push_back(std::move(session));
    }
    for (auto& session : alive) f(*session);
}

void SessionRegistry::begin_stop() {
    stopping_.store(true, std::memory_order_release);
    for_each([](SessionControl& s) { s.close_if_idle(); });
}

void SessionRegistry::force_close_all() {
    for_each([](SessionControl& s) { s.force_close(); });
}

}  // namespace calbridge::http
