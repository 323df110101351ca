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

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/authenticator.h"
#include "core/session_handler.h"
#include "core/session_info.h"
#include "core/stream_store.h"
#include "core/user_directory.h"
#include "core/user_session_handler.h"
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

/// What a user-facing upgrade adds: who authenticates it and what it can look at.
struct UserUpgrade {
    const Authenticator& authenticator;
    ConnectRequest request;
    std::string_view user_agent;
};

/// A message pushed by the server API or the library.
struct PushMessage {
    std::string type;
    std::string data_json = "null";  // valid JSON, sent verbatim
    std::string id;
    bool persist = true;  // false: no stream, no seq, not kept for resume
    Priority priority = Priority::normal;
    std::string from;             // the sending user, for client-to-client messages
    std::string exclude_user;     // not delivered to this user's connections
    std::string exclude_session;  // nor to this connection (the sender's own tab)
};

/// What a send did: connections it was queued to, and the seq given in each stream.
struct SendReport {
    std::size_t delivered_to = 0;
    std::vector<std::pair<std::string, std::uint64_t>> seqs;
};

struct HubOptions {
    SessionSettings session;
    std::size_t max_connections = 100000;
    std::size_t max_connections_per_user = 10;  // 0 = no limit
    std::vector<std::string> subprotocols;      // ours, in preference order
};

class Hub {
public:
    Hub(HubOptions options, std::size_t worker_count);
    Hub(const Hub&) = delete;
    Hub& operator=(const Hub&) = delete;

    /// Gives the hub the node's workers (index = worker index), for cross-worker delivery.
    /// Call once during start-up, before any send.
    void attach_workers(std::vector<net::Worker*> workers);

    /// Validates the handshake (RFC 6455 §4.2), capacity and, for a user session (`info`
    /// set: authenticated, 401 on refusal), the per-user limit (429); on success moves `socket`
    /// into a new Session owned by `worker`, queues the 101 response and returns nullopt.
    /// `leftover` holds bytes the client sent behind the request; it is consumed before return.
    std::optional<UpgradeRefusal> accept(net::Worker& worker, net::Socket& socket,
                                         const ws::HandshakeRequest& request,
                                         std::span<const std::byte> leftover,
                                         SessionHandler& handler,
                                         const UserUpgrade* user = nullptr);

    /// Uses `store` for the streams (user:<id>, all). Call once during start-up.
    void attach_store(StreamStore& store) noexcept {
        store_ = &store;
        user_handler_.attach_store(store);
    }

    /// Appends a message to each user's stream (unless `persist` is false) and queues it to
    /// every connection of those users: one post per worker that holds any of them; users with
    /// no connection get it when they resume. Any thread. Every connection receives a stream's
    /// messages in seq order, so messages from one sender keep their order.
    SendReport send_to_users(const std::vector<std::string>& users, const PushMessage& message);
    /// Appends to the `all` stream (unless not persisted) and queues the message to every user
    /// session: one post and one shared frame per worker. Any thread.
    SendReport broadcast(const PushMessage& message);

    /// Closes `user`'s connections (only `session_id` if not empty) with `code` and `reason`.
    /// Any thread. Returns how many connections were asked to close.
    std::size_t disconnect(std::string_view user, std::string_view session_id, ws::CloseCode code,
                           std::string reason);

    [[nodiscard]] UserDirectory& directory() noexcept { return directory_; }
    [[nodiscard]] SessionHandler& user_handler() noexcept { return user_handler_; }
    void attach_observer(SessionObserver* observer) noexcept {
        user_handler_.attach_observer(observer);
    }
    [[nodiscard]] std::size_t user_session_count() const noexcept;

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
    struct OutgoingFrame;
    using Addressed = std::vector<std::pair<std::string, std::shared_ptr<const OutgoingFrame>>>;
    std::shared_ptr<const OutgoingFrame> build_frame(const PushMessage& message,
                                                     std::string_view stream, std::int64_t ts_ms,
                                                     std::uint64_t& seq);
    /// Which of stream_locks_ orders `stream`'s appends and posts (streams share locks).
    static std::size_t stream_lock_index(std::string_view stream) noexcept;
    void deliver_to_users(std::size_t worker, const Addressed& items);
    void deliver_to_all(std::size_t worker, const std::shared_ptr<const OutgoingFrame>& frame);
    static void send_frame(WorkerContext& context, Session& session, const OutgoingFrame& frame,
                           const base::SharedBytes& plain,
                           std::array<base::SharedBytes, 7>& compressed);

    HubOptions options_;
    std::atomic<std::size_t> sessions_{0};
    std::atomic<bool> is_draining_{false};
    std::vector<std::unique_ptr<WorkerContext>> contexts_;
    std::vector<net::Worker*> workers_;
    StreamStore* store_ = nullptr;
    static constexpr std::size_t stream_lock_count = 64;
    std::array<std::mutex, stream_lock_count> stream_locks_;
    UserDirectory directory_;
    UserSessionHandler user_handler_{directory_, *this};
};

}  // namespace wsc::core
