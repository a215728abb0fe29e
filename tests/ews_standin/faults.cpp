#include "ews_standin/faults.h"

namespace calbridge::ews_standin {

void FaultPlan::add(Fault fault) {
    if (fault.count <= 0) return;
    std::lock_guard lock(mutex_);
    faults_.push_back(std::move(fault));
}

void FaultPlan::clear() {
    std::lock_guard lock(mutex_);
    faults_.clear();
}

std::size_t FaultPlan::pending() const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& f : faults_) n += static_cast<std::size_t>(f.count);
    return n;
}

std::optional<Fault> FaultPlan::take(const std::string& operation) {
    std::lock_guard lock(mutex_);
    for (auto it = faults_.begin(); it != faults_.end(); ++it) {
        if (!it->operation.empty() && it->operation != operation) continue;
        Fault out = *it;
        out.count = 1;
        if (--it->count == 0) faults_.erase(it);
        return out;
    }
    return std::nullopt;
}

std::optional<Fault::Kind> FaultPlan::kind_from_name(const std::string& name) {
    if (name == "server_busy") return Fault::Kind::ServerBusy;
    if (name == "http_503") return Fault::Kind::Http503;
    if (name == "http_429") return Fault::Kind::Http429;
    if (name == "http_500") return Fault::Kind::Http500;
    if (name == "delay") return Fault::Kind::Delay;
    if (name == "drop") return Fault::Kind::Drop;
    if (name == "drop_after") return Fault::Kind::DropAfter;
    return std::nullopt;
}

}  // namespace calbridge::ews_standin
