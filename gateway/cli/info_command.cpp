#include "gateway/cli/info_command.h"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <iostream>

#include "gateway/cli/appointment_json.h"
#include "gateway/cli/calendar_walk.h"
#include "gateway/cli/exit_codes.h"

namespace calbridge::cli {

int run_info(const InfoOptions& opt) {
    WalkStats stats;
    auto [file, folders] = open_input(opt.input, stats);
    if (!file) return kExitCannotOpen;

    if (!opt.json) {
        std::printf("%s: %s, %zu calendar folder%s\n", opt.input.c_str(), pst::to_string(file->kind()), folders.size(),
                    folders.size() == 1 ? "" : "s");
        for (const auto& f : folders)
            std::printf("  %-44s %6d items  (%s)\n", f.path.c_str(), f.item_count, f.container_class.c_str());
        return stats.partial() ? kExitPartial : kExitOk;
    }

    nlohmann::json out;
    out["file"] = opt.input;
    out["kind"] = pst::to_string(file->kind());
    out["folders"] = nlohmann::json::array();
    mapi::AppointmentReader reader;
    for (const auto& folder : folders) {
        nlohmann::json f;
        f["path"] = folder.path;
        f["container_class"] = folder.container_class;
        f["item_count"] = folder.item_count;
        f["items"] = nlohmann::json::array();
        walk_folder(
            *file, folder, reader,
            [&](const pst::CalendarFolder&, const mapi::Appointment& a, mapi::Diagnostics&) {
                f["items"].push_back(appointment_facts(a));
                return true;
            },
            [](const pst::CalendarFolder&) {}, stats);
        out["folders"].push_back(std::move(f));
    }
    std::cout << out.dump(2) << "\n";
    return stats.partial() ? kExitPartial : kExitOk;
}

}  // namespace calbridge::cli
