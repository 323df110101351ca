#include "core/worker_context.h"

#include "core/session.h"
#include "ws/frame_writer.h"

namespace wsc::core {

WorkerContext::WorkerContext(const SessionSettings& settings_in,
                             std::atomic<std::size_t>& node_sessions_in)
    : settings(settings_in),
      node_sessions(node_sessions_in),
      deflater(settings_in.compression_level),
      ping_frame(ws::make_frame(ws::Opcode::ping, std::span<const std::byte>())) {}

void WorkerContext::add_user_session(Session& session) {
    SessionInfo& info = *session.info();
    info.index_in_worker = sessions.size();
    sessions.push_back(&session);
    sessions_by_user[info.user_id].push_back(&session);
}

void WorkerContext::remove_user_session(Session& session) {
    SessionInfo& info = *session.info();
    if (info.index_in_worker >= sessions.size() || sessions[info.index_in_worker] != &session) {
        return;  // never indexed (closed before it opened)
    }
    // Swap-remove keeps the list dense: O(1).
    Session* last = sessions.back();
    sessions[info.index_in_worker] = last;
    last->info()->index_in_worker = info.index_in_worker;
    sessions.pop_back();
    auto it = sessions_by_user.find(info.user_id);
    if (it != sessions_by_user.end()) {
        std::erase(it->second, &session);
        if (it->second.empty()) {
            sessions_by_user.erase(it);
        }
    }
}

}  // namespace wsc::core
