#pragma once
// Connections of one store for a multi-threaded server: one writer connection behind a mutex (all
// writes are serialised; SQLite allows one writer at a time anyway) and a pool of read-only
// connections that WAL lets run in parallel with the writer. Each connection keeps its own cache
// of prepared statements.
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gateway/store/sqlite_handle.h"

namespace calbridge::store {

class ConnectionPool {
public:
    ConnectionPool(std::string path, bool fsync_each_commit);

    // A read-only connection for the lifetime of the lease.
    class Lease {
    public:
        Lease(ConnectionPool& pool, std::unique_ptr<Connection> connection)
            : pool_(&pool), connection_(std::move(connection)) {}
        Lease(Lease&&) noexcept = default;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Lease& operator=(Lease&&) = delete;
        ~Lease();
        Connection& operator*() const { return *connection_; }
        Connection* operator->() const { return connection_.get(); }

    private:
        ConnectionPool* pool_;
        std::unique_ptr<Connection> connection_;
    };

    Lease reader();

    // Runs fn(Connection&) in one write transaction (BEGIN IMMEDIATE, so the write lock is taken
    // before anything is read and preconditions are checked against the state that is written).
    // fn returns {value, commit}: commit false rolls back everything fn did. An exception rolls
    // back too and propagates.
    template <class F>
    auto write(F&& fn) {
        std::lock_guard lock(write_mutex_);
        Connection& c = *writer_;
        c.exec("BEGIN IMMEDIATE");
        try {
            auto [value, commit] = fn(c);
            c.exec(commit ? "COMMIT" : "ROLLBACK");
            return value;
        } catch (...) {
            c.rollback_noexcept();
            throw;
        }
    }

    // The writer connection, for set-up work under the write lock (migrations at open).
    template <class F>
    auto with_writer(F&& fn) {
        std::lock_guard lock(write_mutex_);
        return fn(*writer_);
    }

    const std::string& path() const { return path_; }

private:
    void give_back(std::unique_ptr<Connection> connection);

    std::string path_;
    bool fsync_each_commit_;
    std::mutex write_mutex_;
    std::unique_ptr<Connection> writer_;
    std::mutex idle_mutex_;
    std::vector<std::unique_ptr<Connection>> idle_readers_;
};

}  // namespace calbridge::store
