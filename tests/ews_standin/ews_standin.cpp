#include "ews_standin/ews_standin.h"

#include "ews_standin/ids.h"
#include "ews_standin/mailbox_store.h"
#include "ews_standin/schema_validator.h"
#include "ews_standin/series.h"
#include "ews_standin/soap_service.h"

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <stdexcept>
#include <thread>

namespace calbridge::ews_standin {

namespace {
// Caller holds store.mutex.
std::vector<ItemSummary> summarize(MailboxStore& store, const std::string& owner, const std::string& folder) {
    Folder* f = store.distinguished(owner, folder);
    if (!f)
        if (auto num = parse_folder_id(folder)) f = store.folder(*num);
    std::vector<ItemSummary> out;
    if (!f) return out;
    for (Item* item : store.items_in(f->num)) {
        auto root = item->props.document_element();
        ItemSummary s;
        s.item_id = item_id(item->num);
        s.change_key = change_key(item->change);
        s.uid = prop(root, "UID").text().get();
        s.subject = prop(root, "Subject").text().get();
        s.start = prop(root, "Start").text().get();
        s.recurring = static_cast<bool>(prop(root, "Recurrence"));
        s.exceptions = static_cast<int>(item->exceptions.size());
        s.deleted_occurrences = static_cast<int>(item->deleted.size());
        out.push_back(std::move(s));
    }
    return out;
}
}  // namespace

struct EwsStandin::Impl {
    StandinOptions options;
    EwsSchema schema;
    MailboxStore store;
    FaultPlan faults;
    Stats stats;
    SoapService service{schema, store, faults, stats};
    httplib::Server http;
    std::thread thread;
    int port = 0;

    explicit Impl(StandinOptions o)
        : options(std::move(o)),
          schema(options.schema.empty() ? std::filesystem::path(CALBRIDGE_EWS_SCHEMA) : options.schema) {
        populate();
    }

    void populate() {
        std::lock_guard lock(store.mutex);
        store.clear();
        for (const auto& [user, password] : options.users) store.add_user(user, password);
        for (const auto& [owner, reader] : options.shares)
            if (Folder* f = store.distinguished(owner, "calendar")) f->readers.insert(reader);
    }

    void routes();
};

void EwsStandin::Impl::routes() {
    // cpp-httplib closes a keep-alive connection after 5 requests by default, and exchangelib
    // then takes a 10 s retry path (ews/research/exchangelib-against-a-stand-in.md, pitfall 7).
    http.set_keep_alive_max_count(1000000);
    http.set_keep_alive_timeout(options.keep_alive_timeout_seconds);
    // Each keep-alive connection holds a worker thread while it is open; cpp-httplib's default
    // pool (8 threads here) would make a ninth client wait for an idle one to time out.
    http.new_task_queue = [n = options.threads] { return new httplib::ThreadPool(static_cast<std::size_t>(n)); };
    // IIS matches URL paths case-insensitively: Exchange answers /ews/exchange.asmx as
    // /EWS/Exchange.asmx, and DavMail 6 (EWS mode) lower-cases the path it posts to.
    http.Post(R"(/[Ee][Ww][Ss]/[Ee][Xx][Cc][Hh][Aa][Nn][Gg][Ee]\.[Aa][Ss][Mm][Xx])", [this](const httplib::Request& req, httplib::Response& res) {
        SoapAnswer a = service.handle(req.get_header_value("Authorization"), req.body);
        if (a.delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(a.delay_ms));
        res.status = a.status;
        for (const auto& [k, v] : a.headers) res.set_header(k, v);
        if (a.drop) {
            // The status line and headers go out, then the connection closes without a body.
            res.set_content_provider(1024, "text/xml; charset=utf-8", [](std::size_t, std::size_t, httplib::DataSink&) { return false; });
            return;
        }
        if (!a.body.empty()) res.set_content(a.body, a.status == 200 || a.body.front() == '<' ? "text/xml; charset=utf-8" : "text/plain");
    });
    auto json_body = [](const httplib::Request& req) {
        return req.body.empty() ? nlohmann::json::object() : nlohmann::json::parse(req.body, nullptr, false);
    };
    auto reply = [](httplib::Response& res, int status, const nlohmann::json& j) {
        res.status = status;
        res.set_content(j.dump(), "application/json");
    };
    http.Get("/standin/stats", [this](const httplib::Request&, httplib::Response& res) {
        res.set_content(stats.snapshot().json(), "application/json");
    });
    http.Post("/standin/reset", [this, reply](const httplib::Request&, httplib::Response& res) {
        populate();
        faults.clear();
        stats.reset();
        reply(res, 200, {{"ok", true}});
    });
    http.Post("/standin/reset-stats", [this, reply](const httplib::Request&, httplib::Response& res) {
        stats.reset();
        reply(res, 200, {{"ok", true}});
    });
    http.Post("/standin/faults", [this, json_body, reply](const httplib::Request& req, httplib::Response& res) {
        auto j = json_body(req);
        auto kind = j.is_object() ? FaultPlan::kind_from_name(j.value("kind", "")) : std::nullopt;
        if (!kind) return reply(res, 400, {{"error", "kind must be server_busy, http_503, http_429, http_500, delay, drop or drop_after"}});
        faults.add({*kind, j.value("count", 1), j.value("operation", ""), j.value("millis", 0)});
        reply(res, 200, {{"ok", true}, {"pending", faults.pending()}});
    });
    http.Post("/standin/invalidate-sync-states", [this, reply](const httplib::Request&, httplib::Response& res) {
        std::lock_guard lock(store.mutex);
        store.invalidate_sync_states();
        reply(res, 200, {{"ok", true}});
    });
    http.Post("/standin/touch", [this, json_body, reply](const httplib::Request& req, httplib::Response& res) {
        auto j = json_body(req);
        auto ref = parse_item_id(j.is_object() ? j.value("item_id", "") : "");
        std::lock_guard lock(store.mutex);
        Item* item = ref ? store.item(ref->item) : nullptr;
        if (!item) return reply(res, 404, {{"error", "no such item"}});
        store.touch(*item);
        item->all_changed = item->change;
        reply(res, 200, {{"ok", true}, {"change_key", change_key(item->change)}});
    });
    http.Get("/standin/items", [this, reply](const httplib::Request& req, httplib::Response& res) {
        std::vector<ItemSummary> list;
        {
            std::lock_guard lock(store.mutex);
            list = summarize(store, req.get_param_value("owner"),
                             req.has_param("folder") ? req.get_param_value("folder") : std::string("calendar"));
        }
        nlohmann::json out = nlohmann::json::array();
        for (const auto& s : list)
            out.push_back({{"item_id", s.item_id}, {"change_key", s.change_key}, {"uid", s.uid}, {"subject", s.subject},
                           {"start", s.start}, {"recurring", s.recurring}, {"exceptions", s.exceptions},
                           {"deleted_occurrences", s.deleted_occurrences}});
        reply(res, 200, out);
    });
    http.Post("/standin/read-only", [this, json_body, reply](const httplib::Request& req, httplib::Response& res) {
        auto j = json_body(req);
        if (!j.is_object()) return reply(res, 400, {{"error", "JSON object expected"}});
        std::lock_guard lock(store.mutex);
        Folder* f = store.distinguished(j.value("owner", ""), j.value("folder", "calendar"));
        if (!f)
            if (auto num = parse_folder_id(j.value("folder", ""))) f = store.folder(*num);
        if (!f) return reply(res, 404, {{"error", "no such folder"}});
        f->read_only = j.value("read_only", true);
        reply(res, 200, {{"ok", true}});
    });
}

EwsStandin::EwsStandin(StandinOptions options) : impl_(std::make_unique<Impl>(std::move(options))) { impl_->routes(); }

EwsStandin::~EwsStandin() { stop(); }

void EwsStandin::start() {
    if (impl_->thread.joinable()) return;
    if (impl_->options.port == 0) {
        impl_->port = impl_->http.bind_to_any_port(impl_->options.host);
    } else {
        impl_->port = impl_->http.bind_to_port(impl_->options.host, impl_->options.port) ? impl_->options.port : -1;
    }
    if (impl_->port <= 0) throw std::runtime_error("EWS stand-in: cannot bind " + impl_->options.host + ":" + std::to_string(impl_->options.port));
    impl_->thread = std::thread([this] { impl_->http.listen_after_bind(); });
    spdlog::info("EWS stand-in listening on {}", url());
}

void EwsStandin::stop() {
    if (!impl_->thread.joinable()) return;
    impl_->http.stop();
    impl_->thread.join();
}

int EwsStandin::port() const { return impl_->port; }
std::string EwsStandin::url() const { return "http://127.0.0.1:" + std::to_string(impl_->port) + "/EWS/Exchange.asmx"; }
FaultPlan& EwsStandin::faults() { return impl_->faults; }
StatsSnapshot EwsStandin::stats() const { return impl_->stats.snapshot(); }

void EwsStandin::reset() {
    impl_->populate();
    impl_->faults.clear();
    impl_->stats.reset();
}

void EwsStandin::reset_stats() { impl_->stats.reset(); }

void EwsStandin::invalidate_sync_states() {
    std::lock_guard lock(impl_->store.mutex);
    impl_->store.invalidate_sync_states();
}

bool EwsStandin::touch_item(const std::string& id) {
    auto ref = parse_item_id(id);
    std::lock_guard lock(impl_->store.mutex);
    Item* item = ref ? impl_->store.item(ref->item) : nullptr;
    if (!item) return false;
    impl_->store.touch(*item);
    item->all_changed = item->change;
    return true;
}

std::vector<ItemSummary> EwsStandin::items(const std::string& owner, const std::string& folder) {
    std::lock_guard lock(impl_->store.mutex);
    return summarize(impl_->store, owner, folder);
}

bool EwsStandin::set_folder_read_only(const std::string& owner, const std::string& folder, bool read_only) {
    std::lock_guard lock(impl_->store.mutex);
    Folder* f = impl_->store.distinguished(owner, folder);
    if (!f)
        if (auto num = parse_folder_id(folder)) f = impl_->store.folder(*num);
    if (!f) return false;
    f->read_only = read_only;
    return true;
}

}  // namespace calbridge::ews_standin
