#pragma once
/// Logging set-up from the `log.*` keys: level, text or JSON lines, stdout, stderr or a file
/// rotated by size (with max_backups, max_age and optional gzip of rotated files).

#include "config/options.h"

namespace wsc::app {

/// Replaces spdlog's default logger. Call before any worker starts. Throws std::runtime_error
/// when the log file cannot be opened.
void setup_logging(const config::LogOptions& options);

}  // namespace wsc::app
