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
    // Calls happen outside the lock: the session's destructor calls remove(). Each strong
    // reference is moved to the session (SessionControl): none is dropped here.
    std::vector<std::shared_ptr<SessionControl>> alive;
    {
        std::lock_guard lock(mutex_);
        alive.reserve(sessions_.size());
        for (auto& [key, weak] : sessions_)
            if (auto session = weak.lock()) alive.push_back(std::move(session));
    }
    for (auto& session : alive) {
        SessionControl& target = *session;
        f(target, std::move(session));
    }
}

void SessionRegistry::begin_stop() {
    stopping_.store(true, std::memory_order_release);
    for_each([](SessionControl& s, std::shared_ptr<SessionControl> ref) { s.close_if_idle(std::move(ref)); });
}

void SessionRegistry::force_close_all() {
    for_each([](SessionControl& s, std::shared_ptr<SessionControl> ref) { s.force_close(std::move(ref)); });
}

}  // namespace calbridge::http
