#pragma once
// The open connections of one server, so that stop() can close the idle ones at once and the
// rest after the grace period (graceful shutdown).
#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace calbridge::http {

// What the registry may ask of a connection; both are thread-safe (they post to the
// connection's strand). `caller` is the registry's (strong) reference to this session: the
// implementation must move it into the handler it posts. The connection may end on its strand
// while the registry is still busy with the others; had the registry kept that reference, it
// could be the last one and the session would be destroyed on the thread calling stop(),
// racing with handlers still queued on the strand (the Deadline's timer).
class SessionControl {
public:
    // Between requests (or before the first): close now.
    virtual void close_if_idle(std::shared_ptr<SessionControl> caller) = 0;
    // Whatever it is doing.
    virtual void force_close(std::shared_ptr<SessionControl> caller) = 0;
    virtual ~SessionControl() = default;
};

class SessionRegistry {
public:
    // on_drained runs (on the thread removing the last session) when the last session ends
    // after begin_stop().
    explicit SessionRegistry(std::function<void()> on_drained) : on_drained_(std::move(on_drained)) {}

    void add(const std::shared_ptr<SessionControl>& session);
    void remove(const SessionControl* session);
    std::size_t size() const;

    bool stopping() const { return stopping_.load(std::memory_order_acquire); }
    // Sets stopping() and closes the idle connections; busy ones close after their response.
    void begin_stop();
    void force_close_all();

private:
    // Calls f(session, reference) for every live session, handing over the only strong
    // reference the registry took.
    template <class F>
    void for_each(F f);

    mutable std::mutex mutex_;
    std::unordered_map<const SessionControl*, std::weak_ptr<SessionControl>> sessions_;
    std::atomic<bool> stopping_{false};
    std::function<void()> on_drained_;
};

}  // namespace calbridge::http
