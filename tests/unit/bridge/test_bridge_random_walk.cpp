// Many cycles with edits on both sides between them and crashes at random points of some
// cycles: at the end, both sides hold every item once with the last edit of each side.
#include <random>

#include "bridge_fixture.h"

using namespace calbridge;
using namespace calbridge::sync;
using namespace calbridge::sync::testing;

namespace {

struct Expected {
    std::string summary = "S0";   // edited remotely
    std::string location = "L0";  // edited locally
    bool dirty = false;           // edited since the last complete cycle
};

Fields fields_of(const Expected& e) { return {{"SUMMARY", e.summary}, {"LOCATION", e.location}}; }

}  // namespace

TEST_CASE("a random walk of edits, cycles and crashes converges without loss or duplicates", "[bridge][crash]") {
    const unsigned seed = GENERATE(11u, 12u, 13u, 14u, 15u, 16u, 17u, 18u);
    std::mt19937 rng(seed);
    World w;
    w.remote.feed_lags = seed % 2 == 0;
    std::map<std::string, Expected> model;
    int next = 0;
    int crashes = 0;
    for (int step = 0; step < 25; ++step) {
        INFO("seed " << seed << ", step " << step);
        // Edits: a few on each side.
        for (int e = 0; e < 3; ++e) {
            const auto pick = static_cast<int>(rng() % 6);
            if (pick == 0 || model.empty()) {
                const std::string uid = "w" + std::to_string(next++);
                model[uid] = Expected{};
                model[uid].dirty = true;
                if (rng() % 2)
                    w.put_local(event(uid, fields_of(model[uid])));
                else
                    w.remote.colleague_create(event(uid, fields_of(model[uid])));
                continue;
            }
            auto it = model.begin();
            std::advance(it, static_cast<long>(rng() % model.size()));
            auto& [uid, m] = *it;
            const bool on_local = w.local(uid).has_value();
            const bool on_remote = w.remote_text(uid).has_value();
            if (pick == 1 && !m.dirty && on_local && on_remote) {
                // A deletion of an item both sides agree on.
                if (rng() % 2)
                    w.delete_local(uid);
                else
                    w.remote.colleague_remove(w.remote_id(uid));
                model.erase(it);
                continue;
            }
            if (pick <= 3 && on_local) {
                m.location = "L" + std::to_string(step) + "-" + std::to_string(e);
                m.dirty = true;
                // The local side edits its own current text: its other fields stay as it sees them.
                const std::string current = *w.local(uid);
                w.put_local(event(uid, {{"SUMMARY", field(current, "SUMMARY")}, {"LOCATION", m.location}}));
            } else if (on_remote) {
                m.summary = "S" + std::to_string(step) + "-" + std::to_string(e);
                m.dirty = true;
                const std::string current = *w.remote_text(uid);
                w.remote.colleague_update(w.remote_id(uid),
                                          event(uid, {{"SUMMARY", m.summary}, {"LOCATION", field(current, "LOCATION")}}));
            }
        }
        // A cycle, crashing at a random point one time in three.
        const bool crash = rng() % 3 == 0;
        int countdown = static_cast<int>(rng() % 12);
        auto point = [&] {
            if (crash && countdown-- == 0) throw SimulatedCrash();
        };
        w.remote.hook = [&](const std::string&, bool) { point(); };
        w.checkpoint = [&](std::string_view) { point(); };
        bool completed = false;
        try {
            completed = w.sync().complete;
        } catch (const SimulatedCrash&) {
            ++crashes;
        }
        w.remote.hook = nullptr;
        w.checkpoint = nullptr;
        if (completed)
            for (auto& [uid, m] : model) m.dirty = false;
    }
    w.sync();
    w.sync();
    INFO("seed " << seed << ", crashes " << crashes);
    check_converged(w);
    CHECK(w.local_all().size() == model.size());
    for (const auto& [uid, m] : model) {
        INFO("UID " << uid);
        const auto text = w.local(uid);
        REQUIRE(text);
        CHECK(field(*text, "SUMMARY") == m.summary);
        CHECK(field(*text, "LOCATION") == m.location);
    }
    for (const auto& c : w.conflicts()) INFO("conflict " << c.kind << " UID " << c.uid << ":\n" << c.incoming_data);
    for (const auto& c : w.conflicts()) FAIL_CHECK("conflict " << c.kind << " UID " << c.uid << ":\n" << c.incoming_data);
}
