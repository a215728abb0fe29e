#include <catch2/catch.hpp>

#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

#include "store_fixture.h"

using namespace calbridge;
using namespace calbridge::store;
using namespace calbridge::store::testing;
using caldav::WriteStatus;

// Issue 4 "Bad input and faults": kill -9 during a burst of PUTs. A child process writes and
// reports each acknowledged PUT through a pipe; the parent kills it mid-burst and reopens the
// store: every acknowledged write is there and the file passes PRAGMA integrity_check.
TEST_CASE("kill -9 during a burst of PUTs loses no acknowledged write", "[durability][crash]") {
    TempDir dir;
    {
        SqliteStore store(dir.file());
        REQUIRE(store.add_user("alice", "Alice", "", "h"));
        REQUIRE(store.make_collection(kCal, "alice", caldav::CollectionKind::calendar, {}).status ==
                WriteStatus::created);
    }
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        close(fds[0]);
        try {
            SqliteStore store(dir.file());
            for (int i = 0; i < 100000; ++i) {
                const auto uid = "burst-" + std::to_string(i);
                if (store.put_object(event(kCal + uid + ".ics", uid, uid, {{i, i + 1, false}}), none()).status !=
                    WriteStatus::created)
                    _exit(2);
                if (write(fds[1], &i, sizeof i) != sizeof i) _exit(3);
            }
        } catch (...) {
            _exit(4);
        }
        _exit(0);
    }
    close(fds[1]);
    int acknowledged = -1, value = 0;
    while (acknowledged < 40 && read(fds[0], &value, sizeof value) == sizeof value) acknowledged = value;
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    // Acknowledgements already in the pipe when the child died count too.
    while (read(fds[0], &value, sizeof value) == sizeof value) acknowledged = value;
    close(fds[0]);
    REQUIRE(WIFSIGNALED(status));
    REQUIRE(acknowledged >= 40);

    SqliteStore store(dir.file());
    CHECK(store.integrity_check() == "ok");
    const auto cal = store.collection(kCal).value();
    const auto objects = store.objects(cal.id);
    CHECK(objects.size() >= static_cast<std::size_t>(acknowledged + 1));
    for (int i = 0; i <= acknowledged; ++i) {
        const auto uid = "burst-" + std::to_string(i);
        const auto object = store.object(kCal + uid + ".ics");
        REQUIRE(object);
        CHECK(object->info.uid == uid);
        CHECK(object->data.find("SUMMARY:" + uid) != std::string::npos);
    }
    // The index and the log agree with the objects.
    CHECK(store.objects_in_range(cal.id, 0, acknowledged + 1).size() == static_cast<std::size_t>(acknowledged + 1));
    CHECK(store.changes_since(cal.id, cal.sync_seq, 0));
}
