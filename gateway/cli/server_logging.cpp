#include "gateway/cli/server_logging.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace calbridge::cli {

void init_server_logging(const config::LogSection& log, Verbosity verbosity, bool verbosity_given) {
    auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    sink->set_pattern("[%Y-%m-%d %H:%M:%S.%e] %^%l%$: %v");
    auto logger = std::make_shared<spdlog::logger>("calbridge", sink);
    spdlog::level::level_enum level = spdlog::level::from_str(log.level);
    if (verbosity_given)
        level = verbosity == Verbosity::Verbose ? spdlog::level::debug
                : verbosity == Verbosity::Quiet ? spdlog::level::err
                                                : level;
    logger->set_level(level);
    spdlog::set_default_logger(logger);

    auto access_sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    access_sink->set_pattern("[%Y-%m-%d %H:%M:%S.%e] %v");
    auto access = std::make_shared<spdlog::logger>("access", access_sink);
    access->set_level(log.access_log ? spdlog::level::info : spdlog::level::off);
    spdlog::drop("access");
    spdlog::register_logger(access);
}

}  // namespace calbridge::cli
