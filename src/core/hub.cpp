#include "core/hub.h"

#include "base/log.h"
#include "core/envelope.h"
#include "core/session.h"
#include "net/worker.h"
#include "ws/frame_writer.h"

namespace wsc::core {

Hub::Hub(HubOptions options, std::size_t worker_count)
    : options_(std::move(options)), directory_(worker_count, options_.max_connections_per_user) {
    contexts_.reserve(worker_count);
    for (std::size_t i = 0; i < worker_count; ++i) {
        contexts_.push_back(std::make_unique<WorkerContext>(options_.session, sessions_));
    }
}

std::optional<UpgradeRefusal> Hub::refuse(WorkerContext& context, HandshakeFailure why,
                                          UpgradeRefusal refusal) {
    context.stats.handshake_failures[static_cast<std::size_t>(why)].inc();
    log::debug("websocket upgrade refused: {} {}", refusal.status, refusal.message);
    return refusal;
}

void Hub::attach_workers(std::vector<net::Worker*> workers) {
    workers_ = std::move(workers);
}

std::size_t Hub::user_session_count() const noexcept {
    return directory_.connection_total();
}

std::optional<UpgradeRefusal> Hub::accept(net::Worker& worker, net::Socket& socket,
                                          const ws::HandshakeRequest& request,
                                          std::span<const std::byte> leftover,
                                          SessionHandler& handler, const UserUpgrade* user) {
    WorkerContext& context = *contexts_[worker.index()];
    if (is_draining_.load(std::memory_order_relaxed)) {
        return refuse(context, HandshakeFailure::draining,
                      {503, "draining", "server is shutting down", false});
    }
    ws::HandshakeOptions handshake_options{options_.subprotocols,
                                           options_.session.compression_enabled};
    auto accepted = ws::accept_handshake(request, handshake_options);
    if (!accepted) {
        const unsigned status = ws::http_status_for(accepted.error());
        return refuse(context,
                      status == 426 ? HandshakeFailure::bad_version : HandshakeFailure::bad_request,
                      {status, "bad_handshake", accepted.error().message(), status == 426});
    }
    std::unique_ptr<SessionInfo> info;
    if (user != nullptr) {
        AuthResult auth = user->authenticator.authenticate(user->request);
        if (auth.failure) {
            return refuse(context, HandshakeFailure::unauthorized,
                          {auth.failure->status, auth.failure->code, auth.failure->message, false});
        }
        info = std::make_unique<SessionInfo>();
        info->user_id = std::move(auth.user_id);
        info->connected_at_ms = unix_time_ms();
        info->remote_address = std::string(user->request.remote_address);
        info->user_agent = std::string(user->user_agent);
    }
    // Reserve our place first so that concurrent upgrades on other workers can't overshoot.
    if (sessions_.fetch_add(1, std::memory_order_relaxed) >= options_.max_connections) {
        sessions_.fetch_sub(1, std::memory_order_relaxed);
        return refuse(context, HandshakeFailure::over_capacity,
                      {503, "over_capacity", "max_connections reached", false});
    }
    if (info && !directory_.add(info->user_id, worker.index())) {
        sessions_.fetch_sub(1, std::memory_order_relaxed);
        return refuse(
            context, HandshakeFailure::too_many_per_user,
            {429, "too_many_connections",
             "this user already holds limits.max_connections_per_user connections", false});
    }
    auto session =
        std::make_unique<Session>(worker, std::move(socket), context, handler, accepted->deflate,
                                  ws::make_handshake_response(*accepted), std::move(info));
    Session& started = *session;
    worker.adopt(std::move(session));
    started.consume_early_bytes(leftover);
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Fan-out

/// A text frame built once on the sending thread and shared by every target worker.
struct Hub::OutgoingFrame {
    std::string bytes;         // header + payload
    std::size_t header_bytes;  // where the payload starts
};

std::size_t Hub::send_to_users(const std::vector<std::string>& users, std::string envelope) {
    auto frame = std::make_shared<OutgoingFrame>();
    std::byte header[ws::max_frame_header_bytes];
    frame->header_bytes = ws::encode_frame_header(header, ws::Opcode::text, envelope.size());
    frame->bytes.reserve(frame->header_bytes + envelope.size());
    frame->bytes.append(reinterpret_cast<const char*>(header), frame->header_bytes);
    frame->bytes += envelope;

    // Group the users by the workers that hold them: one post per worker.
    std::vector<std::vector<std::string>> by_worker(workers_.size());
    std::size_t connections = 0;
    for (const std::string& user : users) {
        for (std::uint32_t w : directory_.workers_of(user)) {
            by_worker[w].push_back(user);
        }
        connections += directory_.connection_count(user);
    }
    std::shared_ptr<const OutgoingFrame> shared = std::move(frame);
    for (std::size_t w = 0; w < by_worker.size(); ++w) {
        if (by_worker[w].empty()) {
            continue;
        }
        if (workers_[w]->is_current_thread()) {
            // Our own worker: queue now. A post would wait in the thread's private queue until
            // the current handler returns, and a later send from another worker could overtake
            // it (the caller may already have answered its HTTP request).
            deliver(w, shared, &by_worker[w]);
            continue;
        }
        workers_[w]->post(
            [this, w, shared, targets = std::move(by_worker[w])] { deliver(w, shared, &targets); });
    }
    return connections;
}

std::size_t Hub::broadcast(std::string envelope) {
    auto frame = std::make_shared<OutgoingFrame>();
    std::byte header[ws::max_frame_header_bytes];
    frame->header_bytes = ws::encode_frame_header(header, ws::Opcode::text, envelope.size());
    frame->bytes.append(reinterpret_cast<const char*>(header), frame->header_bytes);
    frame->bytes += envelope;
    std::shared_ptr<const OutgoingFrame> shared = std::move(frame);
    for (std::size_t w = 0; w < workers_.size(); ++w) {
        if (workers_[w]->is_current_thread()) {
            deliver(w, shared, nullptr);  // see send_to_users: keeps per-sender order
        } else {
            workers_[w]->post([this, w, shared] { deliver(w, shared, nullptr); });
        }
    }
    return directory_.connection_total();
}

void Hub::deliver(std::size_t worker, const std::shared_ptr<const OutgoingFrame>& frame,
                  const std::vector<std::string>* users) {
    WorkerContext& context = *contexts_[worker];
    const auto all = std::as_bytes(std::span(frame->bytes.data(), frame->bytes.size()));
    // One atomic reference for this worker; recipients share it with plain increments.
    const base::SharedBytes plain = base::SharedBytes::view_of(frame, all);
    const auto payload = all.subspan(frame->header_bytes);
    // At most one compressed variant per window size, made on first need, on this worker.
    std::array<base::SharedBytes, 7> compressed;
    const bool may_compress = payload.size() >= context.settings.compression_min_bytes;
    auto send = [&](Session& session) {
        const ws::DeflateParams& deflate = session.deflate();
        if (!deflate.enabled || !may_compress) {
            session.send_frame(plain);
            return;
        }
        base::SharedBytes& variant = compressed[deflate.server_max_window_bits - 9];
        if (!variant) {
            variant = context.deflater.compress_frame(ws::Opcode::text, payload,
                                                      deflate.server_max_window_bits);
        }
        session.send_frame(variant);
    };
    if (users == nullptr) {
        for (Session* session : context.sessions) {
            send(*session);
        }
        return;
    }
    for (const std::string& user : *users) {
        auto it = context.sessions_by_user.find(user);
        if (it == context.sessions_by_user.end()) {
            continue;  // left between the directory lookup and this delivery
        }
        for (Session* session : it->second) {
            send(*session);
        }
    }
}

}  // namespace wsc::core
