#pragma once
// The Exchange EWS stand-in for tests: an HTTP server on 127.0.0.1 answering
// POST /EWS/Exchange.asmx like Exchange Server 2016/2019 (every request and response checked
// against Microsoft's schema), plus a control endpoint under /standin/ (JSON) for tests written
// in other languages:
//   GET  /standin/stats                 counts per operation (StatsSnapshot::json)
//   POST /standin/reset                 mailboxes, stats and faults back to the start
//   POST /standin/reset-stats           counts back to 0, mailboxes kept
//   POST /standin/faults                {"kind":"server_busy"|"http_503"|"http_429"|"http_500"|"delay"|"drop"|"drop_after",
//                                        "count":N, "operation":"GetItem", "millis":M}
//   POST /standin/invalidate-sync-states
//   POST /standin/touch                 {"item_id":"..."}   a colleague's edit: new ChangeKey
//   POST /standin/read-only             {"owner":"bob@example.com","folder":"calendar","read_only":true}
//   GET  /standin/items?owner=...&folder=calendar   [{"item_id","change_key","uid","subject","start",
//                                        "recurring","exceptions","deleted_occurrences"}, ...]
#include "ews_standin/faults.h"
#include "ews_standin/stats.h"

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace calbridge::ews_standin {

// What a test needs to assert on a folder's content without going through EWS (duplicates by
// UID after a crash test, counts after a push).
struct ItemSummary {
    std::string item_id, change_key, uid, subject;
    std::string start;  // "YYYY-MM-DDTHH:MM:SSZ"
    bool recurring = false;
    int exceptions = 0, deleted_occurrences = 0;
};

struct StandinOptions {
    std::string host = "127.0.0.1";
    int port = 0;  // 0: any free port
    std::vector<std::pair<std::string, std::string>> users;   // e-mail, password
    std::vector<std::pair<std::string, std::string>> shares;  // owner, reader: owner's calendar read-only to reader
    std::filesystem::path schema;  // soap-envelope-wrapper.xsd; empty: the repository's tests/data copy
    // How long an idle keep-alive connection stays open. stop() waits for idle connections up
    // to this long (cpp-httplib 0.11.4 does not interrupt them).
    int keep_alive_timeout_seconds = 10;
    int threads = 32;  // at most this many connections are served at once
};

class EwsStandin {
public:
    explicit EwsStandin(StandinOptions options);
    ~EwsStandin();
    EwsStandin(const EwsStandin&) = delete;
    EwsStandin& operator=(const EwsStandin&) = delete;

    void start();  // binds and serves on a thread; throws std::runtime_error when it cannot bind
    void stop();
    int port() const;
    std::string url() const;  // http://127.0.0.1:PORT/EWS/Exchange.asmx

    FaultPlan& faults();
    StatsSnapshot stats() const;
    void reset();
    void reset_stats();  // counts back to 0, mailboxes kept (benches measuring one phase)
    void invalidate_sync_states();
    // A change made elsewhere (a colleague in Outlook): new ChangeKey, new sync generation; an
    // UpdateItem on an older ChangeKey then conflicts even under AutoResolve.
    bool touch_item(const std::string& item_id);
    // folder: a distinguished id ("calendar") or a FolderId of owner's mailbox.
    bool set_folder_read_only(const std::string& owner, const std::string& folder, bool read_only);
    // Items of a folder (distinguished id or FolderId of owner's mailbox), by creation order.
    std::vector<ItemSummary> items(const std::string& owner, const std::string& folder = "calendar");

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace calbridge::ews_standin
