#include "core/hub.h"

#include "base/log.h"
#include "core/session.h"
#include "net/worker.h"

namespace wsc::core {

Hub::Hub(HubOptions options, std::size_t worker_count) : options_(std::move(options)) {
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

std::optional<UpgradeRefusal> Hub::accept(net::Worker& worker, net::Socket& socket,
                                          const ws::HandshakeRequest& request,
                                          std::span<const std::byte> leftover,
                                          SessionHandler& handler) {
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
    // Reserve our place first so that concurrent upgrades on other workers can't overshoot.
    if (sessions_.fetch_add(1, std::memory_order_relaxed) >= options_.max_connections) {
        sessions_.fetch_sub(1, std::memory_order_relaxed);
        return refuse(context, HandshakeFailure::over_capacity,
                      {503, "over_capacity", "max_connections reached", false});
    }
    auto session =
        std::make_unique<Session>(worker, std::move(socket), context, handler, accepted->deflate,
                                  ws::make_handshake_response(*accepted));
    Session& started = *session;
    worker.adopt(std::move(session));
    started.consume_early_bytes(leftover);
    return std::nullopt;
}

}  // namespace wsc::core
