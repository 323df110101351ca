#pragma once
/// The project's logger. Every module logs through spdlog's default logger, which `app/`
/// configures (level, text or JSON, stdout or rotating file) before any worker starts.
/// Peer errors log at debug: a misbehaving client must not be able to flood the log.

#include <spdlog/spdlog.h>

namespace wsc::log {
using spdlog::critical;
using spdlog::debug;
using spdlog::error;
using spdlog::info;
using spdlog::trace;
using spdlog::warn;
}  // namespace wsc::log
