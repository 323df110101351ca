#include "core/hub.h"

#include <algorithm>

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

std::size_t Hub::disconnect(std::string_view user, std::string_view session_id, ws::CloseCode code,
                            std::string reason) {
    std::vector<std::vector<std::string>> by_worker(workers_.size());
    std::size_t count = 0;
    for (const ConnectionSummary& connection : directory_.connections_of(user)) {
        if (session_id.empty() || connection.session_id == session_id) {
            by_worker[connection.worker].push_back(connection.session_id);
            ++count;
        }
    }
    for (std::size_t w = 0; w < by_worker.size(); ++w) {
        if (by_worker[w].empty()) {
            continue;
        }
        auto close = [this, w, ids = std::move(by_worker[w]), code, reason] {
            for (const std::string& id : ids) {
                // The id names the ConnId: a session that already left finds nothing.
                auto conn = Session::parse_session_id(id);
                auto* session = conn ? dynamic_cast<Session*>(workers_[w]->find(*conn)) : nullptr;
                if (session != nullptr) {
                    session->close(code, reason);
                }
            }
        };
        if (workers_[w]->is_current_thread()) {
            close();
        } else {
            workers_[w]->post(std::move(close));
        }
    }
    return count;
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
        info->metadata = std::move(auth.metadata);
        if (!parse_resume(user->request.target, *info)) {
            return refuse(context, HandshakeFailure::bad_request,
                          {400, "bad_resume",
                           "resume must be <stream>:<seq>[,<stream>:<seq>...], e.g. "
                           "user:alice:41,all:7",
                           false});
        }
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
    if (SessionInfo* opened = started.info(); opened != nullptr && !started.is_closing()) {
        directory_.describe(opened->user_id,
                            {started.session_id(), worker.index(), opened->connected_at_ms,
                             opened->remote_address, opened->user_agent, opened->metadata});
    }
    started.consume_early_bytes(leftover);
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Fan-out

/// A text frame built once on the sending thread and shared by every target worker.
struct Hub::OutgoingFrame {
    std::string bytes;          // header + payload
    std::size_t header_bytes;   // where the payload starts
    std::uint64_t seq = 0;      // 0: not persisted
    bool is_broadcast = false;  // in the `all` stream rather than a user's
    Priority priority = Priority::normal;
    std::string exclude_user;
    std::string exclude_session;
};

std::shared_ptr<const Hub::OutgoingFrame> Hub::build_frame(const PushMessage& message,
                                                           std::string_view stream,
                                                           std::int64_t ts_ms, std::uint64_t& seq) {
    EnvelopeFields fields{.type = message.type,
                          .data_json = message.data_json,
                          .id = message.id,
                          .from = message.from,
                          .ts_ms = ts_ms,
                          .stream = stream,
                          .seq = 0};
    std::shared_ptr<const std::string> envelope;
    if (message.persist && store_ != nullptr) {
        StoredMessage stored = store_->append(stream, ts_ms, [&](std::uint64_t assigned) {
            fields.seq = assigned;
            return make_envelope(fields);
        });
        seq = stored.seq;
        envelope = stored.envelope;
    } else {
        seq = 0;
        envelope = std::make_shared<const std::string>(make_envelope(fields));
    }
    auto frame = std::make_shared<OutgoingFrame>();
    std::byte header[ws::max_frame_header_bytes];
    frame->header_bytes = ws::encode_frame_header(header, ws::Opcode::text, envelope->size());
    frame->bytes.reserve(frame->header_bytes + envelope->size());
    frame->bytes.append(reinterpret_cast<const char*>(header), frame->header_bytes);
    frame->bytes += *envelope;
    frame->seq = seq;
    frame->is_broadcast = stream == broadcast_stream;
    frame->priority = message.priority;
    frame->exclude_user = message.exclude_user;
    frame->exclude_session = message.exclude_session;
    return frame;
}

std::size_t Hub::stream_lock_index(std::string_view stream) noexcept {
    return std::hash<std::string_view>{}(stream) % stream_lock_count;
}

SendReport Hub::send_to_users(const std::vector<std::string>& users, const PushMessage& message) {
    SendReport report;
    const std::int64_t now = unix_time_ms();
    std::vector<std::string_view> unique;
    std::vector<std::string> streams;  // user:<id> of each, built once
    for (const std::string& user : users) {
        if (std::find(unique.begin(), unique.end(), user) == unique.end()) {
            unique.push_back(user);  // a user named twice gets the message once
            streams.push_back(user_stream(user));
        }
    }
    // Each stream's lock is held from its append to the posts that carry the frame: the seq
    // order of a stream is then the order of the posts on every worker, which run in posting
    // order. Without it, two senders on two threads could append 5 and 6 and have 6 delivered
    // first; the session, which drops what it already has by seq, would then lose 5. Locks
    // are taken in index order, so two multi-user sends cannot deadlock.
    std::vector<std::size_t> lock_indexes;
    for (const std::string& stream : streams) {
        lock_indexes.push_back(stream_lock_index(stream));
    }
    std::sort(lock_indexes.begin(), lock_indexes.end());
    lock_indexes.erase(std::unique(lock_indexes.begin(), lock_indexes.end()), lock_indexes.end());
    std::vector<std::unique_lock<std::mutex>> held;
    held.reserve(lock_indexes.size());
    for (std::size_t index : lock_indexes) {
        held.emplace_back(stream_locks_[index]);
    }
    std::vector<Addressed> by_worker(workers_.size());
    for (std::size_t u = 0; u < unique.size(); ++u) {
        const std::string_view user = unique[u];
        // Each user's stream numbers the message itself, so the envelope (with its seq) is
        // built per user; the data inside was serialized once by the caller.
        std::uint64_t seq = 0;
        const std::string& stream = streams[u];
        auto frame = build_frame(message, stream, now, seq);
        if (seq != 0) {
            report.seqs.emplace_back(stream, seq);
        }
        const UserDirectory::Route route = directory_.route(user);
        for (std::uint32_t w : route.workers) {
            by_worker[w].emplace_back(std::string(user), frame);
        }
        report.delivered_to += route.connections;
    }
    for (std::size_t w = 0; w < by_worker.size(); ++w) {
        if (!by_worker[w].empty()) {
            // Posted even to the calling worker: delivering at once would let this message
            // overtake earlier ones of the same streams still queued to this worker.
            workers_[w]->post(
                [this, w, items = std::move(by_worker[w])] { deliver_to_users(w, items); });
        }
    }
    return report;
}

SendReport Hub::broadcast(const PushMessage& message) {
    SendReport report;
    std::uint64_t seq = 0;
    std::lock_guard lock(stream_locks_[stream_lock_index(broadcast_stream)]);  // see send_to_users
    auto frame = build_frame(message, broadcast_stream, unix_time_ms(), seq);
    if (seq != 0) {
        report.seqs.emplace_back(std::string(broadcast_stream), seq);
    }
    for (std::size_t w = 0; w < workers_.size(); ++w) {
        workers_[w]->post([this, w, frame] { deliver_to_all(w, frame); });
    }
    report.delivered_to = directory_.connection_total();
    return report;
}

void Hub::send_frame(WorkerContext& context, Session& session, const OutgoingFrame& frame,
                     const base::SharedBytes& plain, std::array<base::SharedBytes, 7>& compressed) {
    SessionInfo& info = *session.info();
    if ((!frame.exclude_user.empty() && info.user_id == frame.exclude_user) ||
        (!frame.exclude_session.empty() && session.session_id() == frame.exclude_session)) {
        return;
    }
    // A message the session already got (replayed on resume) is not sent twice.
    if (frame.seq != 0) {
        std::uint64_t& last = frame.is_broadcast ? info.last_all_seq : info.last_user_seq;
        if (frame.seq <= last) {
            return;
        }
        last = frame.seq;
    }
    const ws::DeflateParams& deflate = session.deflate();
    const auto payload = plain.bytes().subspan(frame.header_bytes);
    if (!deflate.enabled || payload.size() < context.settings.compression_min_bytes) {
        session.send_frame(plain, frame.priority);
        return;
    }
    // At most one compressed variant per window size, made on first need, on this worker.
    base::SharedBytes& variant = compressed[deflate.server_max_window_bits - 9];
    if (!variant) {
        variant = context.deflater.compress_frame(ws::Opcode::text, payload,
                                                  deflate.server_max_window_bits);
    }
    session.send_frame(variant, frame.priority);
}

void Hub::deliver_to_users(std::size_t worker, const Addressed& items) {
    WorkerContext& context = *contexts_[worker];
    for (const auto& [user, frame] : items) {
        auto it = context.sessions_by_user.find(user);
        if (it == context.sessions_by_user.end()) {
            continue;  // left between the directory lookup and this delivery
        }
        const auto all = std::as_bytes(std::span(frame->bytes.data(), frame->bytes.size()));
        // One atomic reference for this worker; recipients share it with plain increments.
        const base::SharedBytes plain = base::SharedBytes::view_of(frame, all);
        std::array<base::SharedBytes, 7> compressed;
        for (Session* session : it->second) {
            send_frame(context, *session, *frame, plain, compressed);
        }
    }
}

void Hub::deliver_to_all(std::size_t worker, const std::shared_ptr<const OutgoingFrame>& frame) {
    WorkerContext& context = *contexts_[worker];
    const auto all = std::as_bytes(std::span(frame->bytes.data(), frame->bytes.size()));
    const base::SharedBytes plain = base::SharedBytes::view_of(frame, all);
    std::array<base::SharedBytes, 7> compressed;
    for (Session* session : context.sessions) {
        send_frame(context, *session, *frame, plain, compressed);
    }
}

}  // namespace wsc::core
