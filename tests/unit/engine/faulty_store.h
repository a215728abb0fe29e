#pragma once
// A caldav::Store in front of the fixture's SqliteStore that counts the write calls a request
// makes and can fail one of them (an exception, as from a crash or a full disk between two
// transactions) or run a hook just before it (another client's write racing with the request).
// Shows that a request is one Store write: with two, a failure in between leaves half a result.
#include <functional>
#include <stdexcept>

#include "caldav/store/store.h"
#include "unit/engine/engine_fixture.h"

namespace calbridge::caldav::testing {

class FaultyStore final : public Store {
public:
    explicit FaultyStore(Store& inner) : inner_(inner) {}

    int writes = 0;                  // write calls so far
    int fail_at = 0;                 // throw on this write call (1-based); 0 = never
    std::function<void()> before_write;           // runs before every write call
    std::function<void()> after_changes_since;    // runs after changes_since has read

    std::optional<Principal> principal(std::string_view user) override { return inner_.principal(user); }
    std::optional<Collection> collection(std::string_view path) override { return inner_.collection(path); }
    std::optional<ObjectInfo> object_info(std::string_view path) override { return inner_.object_info(path); }
    std::optional<Object> object(std::string_view path) override { return inner_.object(path); }
    std::vector<Collection> child_collections(std::string_view path) override { return inner_.child_collections(path); }
    void visit_objects(std::int64_t id, const std::function<void(ObjectInfo&)>& visit) override {
        inner_.visit_objects(id, visit);
    }
    std::vector<Object> objects_with_data(std::int64_t id) override { return inner_.objects_with_data(id); }
    std::vector<Object> objects_by_path(std::span<const std::string> paths) override {
        return inner_.objects_by_path(paths);
    }
    std::vector<RangeMatch> objects_in_range(std::int64_t id, std::int64_t start, std::int64_t end) override {
        return inner_.objects_in_range(id, start, end);
    }
    std::optional<ObjectInfo> object_by_uid(std::int64_t id, std::string_view uid) override {
        return inner_.object_by_uid(id, uid);
    }
    std::vector<DeadProperty> dead_properties(std::string_view path) override { return inner_.dead_properties(path); }
    std::vector<SharedCalendar> calendars_shared_with(std::string_view user) override {
        return inner_.calendars_shared_with(user);
    }
    std::vector<Grant> grants_of(std::int64_t id) override { return inner_.grants_of(id); }

    WriteResult put_object(const ObjectWrite& write, const Precondition& pre) override {
        count();
        return inner_.put_object(write, pre);
    }
    WriteResult remove(std::string_view path, const Precondition& pre) override {
        count();
        return inner_.remove(path, pre);
    }
    using Store::make_collection;
    WriteResult make_collection(std::string_view path, std::string_view owner, CollectionKind kind,
                                const CollectionPatch& props, std::span<const DeadProperty> dead) override {
        count();
        return inner_.make_collection(path, owner, kind, props, dead);
    }
    WriteResult patch_properties(std::string_view path, const PropertyPatch& patch) override {
        count();
        return inner_.patch_properties(path, patch);
    }
    WriteResult transfer(const TransferRequest& request) override {
        count();
        return inner_.transfer(request);
    }

    std::optional<ChangeSet> changes_since(std::int64_t id, std::int64_t seq, std::size_t limit) override {
        auto changes = inner_.changes_since(id, seq, limit);
        if (after_changes_since) after_changes_since();
        return changes;
    }
    std::optional<Collection> collection_for_token(std::string_view token) override {
        return inner_.collection_for_token(token);
    }

private:
    void count() {
        ++writes;
        if (fail_at == writes) throw std::runtime_error("injected store failure");
        if (before_write) before_write();
    }

    Store& inner_;
};

// The engine fixture plus a second engine over a FaultyStore in front of the same store.
struct FaultyFixture : EngineFixture {
    FaultyStore faulty{store};
    Engine faulty_engine{faulty, options()};

    Response via_faulty(std::string method, std::string target, std::string body = {},
                        std::vector<std::pair<std::string, std::string>> headers = {}) {
        faulty.writes = 0;
        return send_request(faulty_engine, std::move(method), std::move(target), std::move(body), std::move(headers));
    }
};

}  // namespace calbridge::caldav::testing
