#include "app/logging.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "app/json_log_formatter.h"
#include "app/rotating_file_sink.h"

namespace wsc::app {

void setup_logging(const config::LogOptions& options) {
    spdlog::sink_ptr sink;
    if (options.output == "stdout") {
        sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
    } else if (options.output == "stderr") {
        sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    } else {
        RotationPolicy policy;
        policy.max_file_bytes = options.max_size * 1024 * 1024;
        policy.max_backups = options.max_backups;
        policy.max_age = std::chrono::hours(24 * options.max_age);
        policy.compress = options.compress;
        sink = std::make_shared<RotatingFileSink>(options.output, policy);
    }
    if (options.format == "json") {
        sink->set_formatter(std::make_unique<JsonLogFormatter>());
    } else {
        sink->set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%l] %v");
    }
    auto logger = std::make_shared<spdlog::logger>("wsc", std::move(sink));
    logger->set_level(spdlog::level::from_str(options.level));
    // Lines reach the file promptly without a flush per line: warnings and worse at once,
    // the rest within a second.
    logger->flush_on(spdlog::level::warn);
    spdlog::set_default_logger(std::move(logger));
    spdlog::flush_every(std::chrono::seconds(1));
}

}  // namespace wsc::app
