#include "ews_bridge_fixture.h"

#include "converters/ical/ics_file_writer.h"
#include "converters/mapi/appointment/appointment.h"
#include "converters/mapi/appointment/appointment_to_ical.h"
#include "converters/pst/pst_file.h"
#include "gateway/import/calendar_object_text.h"

namespace calbridge::ews_bridge_test {

namespace {
ews_standin::StandinOptions standin_options() {
    ews_standin::StandinOptions o;
    o.users = {{kAlice, kPassword}, {kBob, "bob-secret"}};
    o.shares = {{kBob, kAlice}};  // bob's calendar, read-only for alice
    o.keep_alive_timeout_seconds = 1;
    return o;
}
}  // namespace

StandinFixture::StandinFixture() : standin(standin_options()) { standin.start(); }

StandinFixture::~StandinFixture() {
    clients.clear();  // close the connections before the server waits for idle ones
    standin.stop();
}

ews::ClientOptions StandinFixture::client_options(const std::string& user, const std::string& password) const {
    ews::ClientOptions o;
    o.url = standin.url();
    o.server_version = "Exchange2016";
    o.transport.credentials.method = ews::AuthMethod::basic;
    o.transport.credentials.user = user;
    o.transport.credentials.password = password;
    o.transport.total_timeout = std::chrono::milliseconds(20'000);
    o.retry.initial_backoff = std::chrono::milliseconds(10);
    o.retry.max_backoff = std::chrono::milliseconds(50);
    return o;
}

std::unique_ptr<remotes::EwsRemoteCalendar> StandinFixture::calendar(ews::FolderRef folder) {
    clients.push_back(std::make_unique<ews::EwsClient>(client_options()));
    remotes::EwsCalendarOptions options;
    options.folder = std::move(folder);
    return std::make_unique<remotes::EwsRemoteCalendar>(*clients.back(), options);
}

std::uint64_t StandinFixture::requests(const std::string& operation) const {
    const auto stats = standin.stats();
    const auto it = stats.operations.find(operation);
    return it == stats.operations.end() ? 0 : it->second.requests;
}

std::uint64_t StandinFixture::total_requests() const {
    std::uint64_t n = 0;
    for (const auto& [op, s] : standin.stats().operations) n += s.requests;
    return n;
}

std::uint64_t StandinFixture::invalid_messages() const {
    std::uint64_t n = 0;
    for (const auto& [op, s] : standin.stats().operations) n += s.invalid_requests + s.invalid_responses;
    return n;
}

const std::vector<FixtureObject>& fixture_objects() {
    static const std::vector<FixtureObject> objects = [] {
        std::vector<FixtureObject> out;
        std::vector<pst::ReadProblem> problems;
        auto file = pst::PstFile::open(std::string(CALBRIDGE_TEST_DATA) + "/outlook-com-calendar.ost");
        mapi::AppointmentReader reader;
        for (const pst::CalendarFolder& folder : file->calendar_folders(problems))
            file->for_each_item(
                folder,
                [&](mapi::Message&& message) {
                    mapi::Diagnostics diag(message.origin);
                    try {
                        const mapi::Appointment a = reader.read(message, diag);
                        mapi::CalendarObject object = mapi::appointment_to_ical(a, diag);
                        FixtureObject o;
                        o.origin = message.origin;
                        o.uid = object.uid;
                        o.ics = import::calendar_object_text(ical::serialise_events(object.events), object.zones);
                        if (a.organizer && (a.is_meeting || !a.attendees.empty())) o.organizer_email = a.organizer->email;
                        out.push_back(std::move(o));
                    } catch (const std::exception&) {
                        // items the PST path rejects are the fixture tests' business
                    }
                    return true;
                },
                problems);
        return out;
    }();
    return objects;
}

sync::RemoteChanges all_changes(sync::RemoteCalendar& remote, const std::string& state, const sync::KnownVersions& known) {
    sync::RemoteChanges all;
    std::string at = state;
    for (int page = 0; page < 1000; ++page) {
        sync::RemoteChanges c = remote.changes(at, known);
        for (auto& u : c.upserts) all.upserts.push_back(std::move(u));
        for (auto& u : c.unchanged) all.unchanged.push_back(std::move(u));
        for (auto& r : c.removed_ids) all.removed_ids.push_back(std::move(r));
        at = c.state;
        if (!c.more) break;
    }
    all.state = at;
    return all;
}

}  // namespace calbridge::ews_bridge_test
