#pragma once
/// Hub: the node's WebSocket sessions across all workers.
///
/// For now it turns accepted handshakes into Sessions on the accepting worker, enforces
/// max_connections, and owns each worker's WorkerContext (deflate/inflate engines, counters).
/// Users, routing and fan-out build on it.
///
/// @par Thread Safety
/// Construct during start-up. accept() runs on the worker given; session_count(),
/// set_draining() and stats reads are safe from any thread.

#include <atomic>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/session_handler.h"
#include "core/worker_context.h"
#include "net/socket.h"
#include "ws/handshake.h"

namespace wsc::net {
class Worker;
}

namespace wsc::core {

/// Why an upgrade was refused, as the HTTP layer should answer it.
struct UpgradeRefusal {
    unsigned status = 400;
    std::string code;                   // machine-readable, e.g. "bad_handshake"
    std::string message;                // for humans
    bool needs_version_header = false;  // 426: add "Sec-WebSocket-Version: 13"
};

struct HubOptions {
    SessionSettings session;
    std::size_t max_connections = 100000;
    std::vector<std::string> subprotocols;  // ours, in preference order
};

class Hub {
public:
    Hub(HubOptions options, std::size_t worker_count);
    Hub(const Hub&) = delete;
    Hub& operator=(const Hub&) = delete;

    /// Validates the handshake (RFC 6455 §4.2) and capacity; on success moves `socket` into a
    /// new Session owned by `worker`, queues the 101 response and returns nullopt.
    /// `leftover` holds bytes the client sent behind the request; it is consumed before return.
    std::optional<UpgradeRefusal> accept(net::Worker& worker, net::Socket& socket,
                                         const ws::HandshakeRequest& request,
                                         std::span<const std::byte> leftover,
                                         SessionHandler& handler);

    void set_draining(bool is_draining) noexcept { is_draining_.store(is_draining); }
    [[nodiscard]] std::size_t session_count() const noexcept { return sessions_.load(); }
    [[nodiscard]] std::size_t worker_count() const noexcept { return contexts_.size(); }
    [[nodiscard]] const CoreStats& stats(std::size_t worker) const {
        return contexts_[worker]->stats;
    }
    [[nodiscard]] const HubOptions& options() const noexcept { return options_; }

private:
    std::optional<UpgradeRefusal> refuse(WorkerContext& context, HandshakeFailure why,
                                         UpgradeRefusal refusal);

    HubOptions options_;
    std::atomic<std::size_t> sessions_{0};
    std::atomic<bool> is_draining_{false};
    std::vector<std::unique_ptr<WorkerContext>> contexts_;
};

}  // namespace wsc::core
