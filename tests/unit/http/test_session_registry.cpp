// SessionRegistry (gateway/http/session_registry.h): the strong reference it takes while
// asking sessions to close goes to the session, so a session that ends meanwhile is destroyed
// where its own code runs (its strand), never on the thread calling stop().
#include <catch2/catch.hpp>

#include <memory>
#include <thread>

#include "gateway/http/session_registry.h"

using namespace calbridge::http;

namespace {

// Stands for a connection whose coroutine (`frame`, the reference that keeps a real session
// alive) ends on its strand, here another thread, right when the registry asks it to close.
struct EndingSession : SessionControl {
    EndingSession(SessionRegistry& r, std::thread::id& d) : registry(r), destroyed_on(d) {}
    ~EndingSession() override {
        destroyed_on = std::this_thread::get_id();
        registry.remove(this);
    }
    void end_on_strand(std::shared_ptr<SessionControl> caller) {
        std::thread strand([this, caller = std::move(caller)]() mutable {
            std::shared_ptr<SessionControl> coroutine = std::move(*frame);
            coroutine.reset();  // the connection ended
            caller.reset();     // the posted handler is done
        });
        strand.join();
    }
    void close_if_idle(std::shared_ptr<SessionControl> caller) override { end_on_strand(std::move(caller)); }
    void force_close(std::shared_ptr<SessionControl> caller) override { end_on_strand(std::move(caller)); }

    SessionRegistry& registry;
    std::thread::id& destroyed_on;
    std::shared_ptr<SessionControl>* frame = nullptr;
};

}  // namespace

TEST_CASE("sessions that end while stop() closes them are destroyed on their own thread", "[http][shutdown]") {
    bool drained = false;
    SessionRegistry registry([&] { drained = true; });
    std::thread::id destroyed_on;
    std::shared_ptr<SessionControl> frames[2];
    for (auto& frame : frames) {
        auto session = std::make_shared<EndingSession>(registry, destroyed_on);
        session->frame = &frame;
        registry.add(session);
        frame = std::move(session);
    }
    REQUIRE(registry.size() == 2);

    SECTION("begin_stop") { registry.begin_stop(); }
    SECTION("force_close_all") {
        registry.begin_stop();  // (nothing left for the second call, which must cope)
        registry.force_close_all();
    }
    CHECK(registry.size() == 0);
    CHECK(drained);
    CHECK(destroyed_on != std::thread::id());
    CHECK(destroyed_on != std::this_thread::get_id());  // not the thread calling stop()
    CHECK_FALSE(frames[0]);
    CHECK_FALSE(frames[1]);
}
