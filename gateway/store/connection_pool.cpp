#include "gateway/store/connection_pool.h"

namespace calbridge::store {
namespace {
// Idle readers kept open; more are opened under load and closed when given back beyond this.
constexpr std::size_t kMaxIdleReaders = 16;
}  // namespace

ConnectionPool::ConnectionPool(std::string path, bool fsync_each_commit)
    : path_(std::move(path)),
      fsync_each_commit_(fsync_each_commit),
      writer_(std::make_unique<Connection>(path_, /*read_only=*/false, fsync_each_commit)) {}

ConnectionPool::Lease::~Lease() {
    if (connection_) pool_->give_back(std::move(connection_));
}

ConnectionPool::Lease ConnectionPool::reader() {
    {
        std::lock_guard lock(idle_mutex_);
        if (!idle_readers_.empty()) {
            auto c = std::move(idle_readers_.back());
            idle_readers_.pop_back();
            return Lease(*this, std::move(c));
        }
    }
    return Lease(*this, std::make_unique<Connection>(path_, /*read_only=*/true, fsync_each_commit_));
}

void ConnectionPool::give_back(std::unique_ptr<Connection> connection) {
    // A lease dropped by an exception in the middle of a read transaction must not keep it open.
    connection->rollback_noexcept();
    std::lock_guard lock(idle_mutex_);
    if (idle_readers_.size() < kMaxIdleReaders) idle_readers_.push_back(std::move(connection));
}

}  // namespace calbridge::store
