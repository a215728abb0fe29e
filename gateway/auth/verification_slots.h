#pragma once
// A bound on concurrent password verifications. PBKDF2 costs ~0.3 s of CPU on the I/O thread
// that runs it: without a bound, anyone can keep every core busy by sending wrong credentials
// (no login needed). When every slot is taken, try_acquire() fails at once: the caller answers
// 503 rather than queueing (a queue would hold I/O threads and grow without end). Thread-safe.
#include <algorithm>
#include <atomic>
#include <thread>
#include <utility>

namespace calbridge::auth {

// Half the hardware threads, at least 1: the other half keeps serving logged-in clients.
inline unsigned default_verification_slots() { return std::max(1u, std::thread::hardware_concurrency() / 2); }

class VerificationSlots {
public:
    explicit VerificationSlots(unsigned count) : count_(count == 0 ? 1 : count) {}

    // Holds one slot until destroyed; false when none was free.
    class Slot {
    public:
        Slot() = default;
        Slot(Slot&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)) {}
        Slot& operator=(Slot&&) = delete;
        ~Slot() {
            if (owner_) owner_->in_use_.fetch_sub(1, std::memory_order_acq_rel);
        }
        explicit operator bool() const { return owner_ != nullptr; }

    private:
        friend class VerificationSlots;
        explicit Slot(VerificationSlots* owner) : owner_(owner) {}
        VerificationSlots* owner_ = nullptr;
    };

    Slot try_acquire() {
        unsigned used = in_use_.load(std::memory_order_relaxed);
        do {
            if (used >= count_) return Slot();
        } while (!in_use_.compare_exchange_weak(used, used + 1, std::memory_order_acq_rel));
        return Slot(this);
    }
    unsigned count() const { return count_; }
    unsigned in_use() const { return in_use_.load(std::memory_order_acquire); }

private:
    const unsigned count_;
    std::atomic<unsigned> in_use_{0};
};

}  // namespace calbridge::auth
