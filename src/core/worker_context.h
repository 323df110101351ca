#pragma once
/// WorkerContext: what a worker's WebSocket sessions share — the deflate and inflate engines
/// (one per worker, so no session holds a zlib stream), counters, and pre-encoded frames.
///
/// @par Thread Safety
/// Owning worker's thread only (counters are also read by the scrape thread).

#include <atomic>
#include <chrono>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/shared_bytes.h"
#include "core/core_stats.h"
#include "core/outbound_queue.h"
#include "ws/deflate.h"
#include "ws/message_reader.h"

namespace wsc::core {

class Session;

/// What a full outbound queue does to the message that does not fit (seed 003).
enum class OverflowPolicy : std::uint8_t {
    drop,   // drop it and count it; the connection stays
    close,  // close the slow consumer (4002); it reconnects and resumes
};

/// Session behaviour fixed by configuration; shared read-only by every worker.
struct SessionSettings {
    ws::Limits limits{1024 * 1024, 1024 * 1024};
    QueueLimits queue;
    OverflowPolicy overflow = OverflowPolicy::drop;
    bool heartbeat_enabled = true;
    std::chrono::milliseconds heartbeat_interval{30'000};
    std::chrono::milliseconds heartbeat_timeout{90'000};
    std::chrono::milliseconds close_timeout{5'000};
    std::size_t write_budget_bytes = 64 * 1024;  // one gather write
    bool compression_enabled = true;
    int compression_level = 1;
    std::size_t compression_min_bytes = 1024;
    bool client_send = false;                         // permissions.client_send
    std::chrono::milliseconds resume_timeout{5'000};  // `?resume=message` waits this long
    std::uint32_t max_consecutive_errors = 20;        // then close with 4508 (policy violation)
};

struct WorkerContext {
    WorkerContext(const SessionSettings& settings, std::atomic<std::size_t>& node_sessions);

    /// Called once per session when it closes: frees its place under max_connections.
    void release_session() noexcept { node_sessions.fetch_sub(1, std::memory_order_relaxed); }

    /// Indexes an application session by user (called when it opens) and forgets it again.
    void add_user_session(Session& session);
    void remove_user_session(Session& session);

    const SessionSettings& settings;
    std::atomic<std::size_t>& node_sessions;  // sessions on the node, every worker
    ws::Deflater deflater;
    ws::Inflater inflater;
    CoreStats stats;
    base::SharedBytes ping_frame;  // the server's heartbeat ping, encoded once
    /// Where a session joins small queued frames into one send (see Session::write_queue).
    std::vector<std::byte> send_scratch = std::vector<std::byte>(16 * 1024);

    /// This worker's application sessions, all of them and by user id.
    std::vector<Session*> sessions;
    std::unordered_map<std::string, std::vector<Session*>> sessions_by_user;
};

}  // namespace wsc::core
