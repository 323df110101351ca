#include "core/worker_context.h"

#include "ws/frame_writer.h"

namespace wsc::core {

WorkerContext::WorkerContext(const SessionSettings& settings_in,
                             std::atomic<std::size_t>& node_sessions_in)
    : settings(settings_in),
      node_sessions(node_sessions_in),
      deflater(settings_in.compression_level),
      ping_frame(ws::make_frame(ws::Opcode::ping, std::span<const std::byte>())) {}

}  // namespace wsc::core
