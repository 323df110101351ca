#include "app/node.h"

#include <thread>

#include <boost/asio/ip/address.hpp>

#include "base/log.h"
#include "core/envelope.h"
#include "net/fd_limit.h"
#include "store/memory_stream_store.h"

namespace wsc::app {

namespace {

core::HubOptions hub_options(const config::Options& o) {
    core::HubOptions h;
    h.session.limits = ws::Limits{o.limits.max_frame_size, o.limits.max_message_size};
    h.session.heartbeat_enabled = o.heartbeat.enabled;
    h.session.heartbeat_interval = o.heartbeat.interval;
    h.session.heartbeat_timeout = o.heartbeat.timeout;
    h.session.close_timeout = o.ws.close_timeout;
    h.session.write_budget_bytes = o.write_buffer_size;
    h.session.compression_enabled = o.compression.enabled;
    h.session.compression_level = o.compression.level;
    h.session.compression_min_bytes = o.compression.min_size;
    h.session.queue.max_bytes = o.message_queue.max_bytes;
    h.session.queue.max_count = o.message_queue.size;
    h.session.client_send = o.permissions.client_send;
    h.session.resume_timeout = o.streams.resume_timeout;
    h.session.overflow = o.message_queue.overflow == "close" ? core::OverflowPolicy::close
                                                             : core::OverflowPolicy::drop;
    h.max_connections = o.max_connections;
    h.max_connections_per_user = o.limits.max_connections_per_user;
    h.subprotocols = o.ws.subprotocols;
    return h;
}

unsigned worker_count(const config::Options& o) {
    if (o.workers != 0) {
        return o.workers;
    }
    return std::max(1u, std::thread::hardware_concurrency());
}

/// Joins repeated header fields with ", " (RFC 9110 §5.3), keeping storage in `storage`.
std::string_view joined_field(const http::Request& request, http::Field field,
                              std::string& storage) {
    auto range = request.equal_range(field);
    if (range.first == range.second) {
        return {};
    }
    auto next = range.first;
    if (++next == range.second) {
        return range.first->value();
    }
    for (auto it = range.first; it != range.second; ++it) {
        if (!storage.empty()) {
            storage += ", ";
        }
        storage += it->value();
    }
    return storage;
}

}  // namespace

Node::Node(config::Options options)
    : options_(std::move(options)),
      hub_(hub_options(options_), worker_count(options_)),
      registry_(options_.metrics.labels),
      status_{hub_, is_ready_, std::chrono::steady_clock::now()} {
    const unsigned count = worker_count(options_);
    std::vector<net::Worker*> workers;
    for (unsigned i = 0; i < count; ++i) {
        workers_.push_back(std::make_unique<net::Worker>(i, options_.read_buffer_size));
        workers.push_back(workers_.back().get());
        http_stats_.push_back(std::make_unique<http::HttpStats>());
    }
    hub_.attach_workers(std::move(workers));
    store_ = std::make_unique<store::MemoryStreamStore>(
        store::RetentionPolicy{options_.streams.max_messages, options_.streams.max_age});
    hub_.attach_store(*store_);
    api_options_.tokens = options_.api.tokens;
    api_options_.started_at = status_.started_at;
    http_settings_.max_header_bytes = options_.limits.max_http_header_size;
    http_settings_.max_body_bytes = options_.limits.max_http_body_size;
    http_settings_.request_timeout = options_.ws.handshake_timeout;
    http_settings_.is_node_draining = &is_draining_;
    tcp_options_.no_delay = options_.tcp_nodelay;
    tcp_options_.keep_alive = options_.tcp_keepalive;
    tcp_options_.keep_alive_period =
        std::chrono::duration_cast<std::chrono::seconds>(options_.tcp_keepalive_period);
    build_routes();
    register_metrics();
}

Node::~Node() {
    stop();
    // Connections reference the hub, router and stats: destroy them (with their workers) first.
    expiry_timer_.reset();
    metrics_listener_.reset();
    listeners_.clear();
    workers_.clear();
}

void Node::build_routes() {
    api::add_health_routes(router_, status_);
    if (options_.metrics.enabled) {
        // A separate metrics port keeps /metrics off the public one.
        if (options_.metrics.port != 0) {
            api::add_health_routes(metrics_router_, status_);
            api::add_metrics_route(metrics_router_, options_.metrics.path, registry_);
        } else {
            api::add_metrics_route(router_, options_.metrics.path, registry_);
        }
    }
    if (options_.api.enabled) {
        api::add_server_api_routes(router_, hub_, api_options_);
    }
    router_.add_upgrade(options_.path, [this](http::UpgradeContext& context) {
        return upgrade(context, hub_.user_handler(), true);
    });
    if (!options_.ws.echo_path.empty()) {
        router_.add_upgrade(options_.ws.echo_path, [this](http::UpgradeContext& context) {
            return upgrade(context, echo_handler_, false);
        });
    }
}

std::string Node::client_address(const http::UpgradeContext& context) const {
    boost::system::error_code ec;
    const auto peer = context.socket.remote_endpoint(ec);
    if (ec) {
        return {};
    }
    auto is_trusted = [this](std::string_view address) {
        return std::find(options_.trusted_proxies.begin(), options_.trusted_proxies.end(),
                         address) != options_.trusted_proxies.end();
    };
    std::string address = peer.address().to_string();
    if (!is_trusted(address)) {
        return address;  // X-Forwarded-For from anyone else could be forged
    }
    // Walk X-Forwarded-For from the nearest hop: the first address that is not one of our
    // proxies is the client.
    std::string_view forwarded = context.request["X-Forwarded-For"];
    while (!forwarded.empty()) {
        const std::size_t comma = forwarded.rfind(',');
        std::string_view hop =
            comma == std::string_view::npos ? forwarded : forwarded.substr(comma + 1);
        while (!hop.empty() && hop.front() == ' ') {
            hop.remove_prefix(1);
        }
        while (!hop.empty() && hop.back() == ' ') {
            hop.remove_suffix(1);
        }
        boost::asio::ip::make_address(hop, ec);
        if (ec) {
            break;  // garbage: keep the last address we could trust
        }
        address = std::string(hop);
        if (!is_trusted(address)) {
            break;
        }
        forwarded =
            comma == std::string_view::npos ? std::string_view() : forwarded.substr(0, comma);
    }
    return address;
}

std::optional<http::Response> Node::upgrade(http::UpgradeContext& context,
                                            core::SessionHandler& handler, bool is_user_endpoint) {
    const http::Request& request = context.request;
    std::string upgrade_storage, connection_storage, protocol_storage, extensions_storage;
    ws::HandshakeRequest handshake;
    handshake.method = request.method_string();
    handshake.http_version = request.version();
    handshake.upgrade = joined_field(request, http::Field::upgrade, upgrade_storage);
    handshake.connection = joined_field(request, http::Field::connection, connection_storage);
    handshake.key = request[http::Field::sec_websocket_key];
    handshake.version = request[http::Field::sec_websocket_version];
    handshake.protocol =
        joined_field(request, http::Field::sec_websocket_protocol, protocol_storage);
    handshake.extensions =
        joined_field(request, http::Field::sec_websocket_extensions, extensions_storage);

    std::optional<core::UserUpgrade> user;
    std::string remote;
    if (is_user_endpoint) {
        remote = client_address(context);
        user.emplace(core::UserUpgrade{
            *authenticator_,
            core::ConnectRequest{
                request.target(),
                [&request](std::string_view name) -> std::string_view { return request[name]; },
                remote},
            request[http::Field::user_agent]});
    }
    auto refusal = hub_.accept(context.worker, context.socket, handshake, context.leftover, handler,
                               user ? &*user : nullptr);
    if (!refusal) {
        return std::nullopt;
    }
    http::Response response = http::make_json_error(static_cast<http::Status>(refusal->status),
                                                    refusal->code, refusal->message);
    if (refusal->needs_version_header) {
        response.set(http::Field::sec_websocket_version, "13");
    }
    return response;
}

void Node::on_accept(net::Worker& worker, net::Socket socket, const http::Router& router) {
    if (auto ec = net::apply_tcp_options(socket, tcp_options_)) {
        log::debug("tcp options: {}", ec.message());
    }
    worker.adopt(std::make_unique<http::HttpConnection>(
        worker, std::move(socket), router, http_settings_, *http_stats_[worker.index()]));
}

void Node::open_metrics_listener(const boost::asio::ip::address& address) {
    net::Worker* w = workers_.front().get();
    metrics_listener_ = std::make_unique<net::Listener>(
        *w, boost::asio::ip::tcp::endpoint(address, options_.metrics.port),
        [this, w](net::Socket socket) { on_accept(*w, std::move(socket), metrics_router_); });
    net::Listener::ensure_port_free(boost::asio::ip::tcp::endpoint(address, options_.metrics.port));
    metrics_listener_->open();
    net::Listener* listener = metrics_listener_.get();
    w->post([listener] { listener->start(); });
}

std::uint16_t Node::start() {
    if (is_started_) {
        return port_;
    }
    const net::FdLimit fds = net::raise_fd_limit();
    if (options_.api.enabled && options_.api.tokens.empty()) {
        log::warn("api.tokens is empty: every /api/wsc/ call will be refused with 401");
    }
    if (fds.soft < options_.max_connections + 64) {
        log::warn(
            "open-file limit is {} (hard {}), below max_connections {}: the node will "
            "refuse connections before reaching it",
            fds.soft, fds.hard, options_.max_connections);
    }
    const auto address = boost::asio::ip::make_address(options_.host);
    std::uint16_t port = options_.port;
    net::Listener::ensure_port_free(boost::asio::ip::tcp::endpoint(address, port));
    for (auto& worker : workers_) {
        net::Worker* w = worker.get();
        auto listener = std::make_unique<net::Listener>(
            *w, boost::asio::ip::tcp::endpoint(address, port),
            [this, w](net::Socket socket) { on_accept(*w, std::move(socket), router_); });
        port = listener->open();  // port 0: the first bind picks, the others share it
        listeners_.push_back(std::move(listener));
    }
    port_ = port;
    if (options_.metrics.enabled && options_.metrics.port != 0) {
        open_metrics_listener(address);
    }
    for (std::size_t i = 0; i < workers_.size(); ++i) {
        net::Listener* listener = listeners_[i].get();
        workers_[i]->post([listener] { listener->start(); });
        workers_[i]->start();
    }
    expiry_timer_ = std::make_unique<boost::asio::steady_timer>(workers_.front()->context());
    workers_.front()->post([this] { schedule_expiry(); });
    is_started_ = true;
    is_ready_.store(true);
    log::info("wscd listening on {}:{} ({} workers, websocket path {}{}{})", options_.host, port_,
              workers_.size(), options_.path, options_.ws.echo_path.empty() ? "" : ", echo path ",
              options_.ws.echo_path);
    return port_;
}

void Node::schedule_expiry() {
    // Age limits are applied on every append; this sweep catches streams nobody writes to.
    expiry_timer_->expires_after(std::chrono::seconds(10));
    expiry_timer_->async_wait([this](boost::system::error_code ec) {
        if (!ec && !is_stopped_) {
            store_->expire(core::unix_time_ms());
            schedule_expiry();
        }
    });
}

std::size_t Node::open_connections() const {
    std::size_t total = 0;
    for (const auto& worker : workers_) {
        total += worker->connection_count();
    }
    return total;
}

void Node::stop() {
    if (!is_started_ || is_stopped_) {
        return;
    }
    is_stopped_ = true;
    // Readiness goes first, and the listeners stay open while WebSocket sessions drain, so a
    // load balancer polling /ready sees 503 (and new upgrades get 503) instead of refusals.
    is_ready_.store(false);
    is_draining_.store(true);
    hub_.set_draining(true);
    log::info("draining {} websocket connections (timeout {} ms)", hub_.session_count(),
              options_.shutdown.drain_timeout.count());
    for (auto& worker : workers_) {
        net::Worker* w = worker.get();
        w->post([w] { w->for_each_connection([](net::Connection& c) { c.begin_shutdown(); }); });
    }
    const auto deadline = std::chrono::steady_clock::now() + options_.shutdown.drain_timeout;
    while (hub_.session_count() > 0 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (std::size_t left = hub_.session_count(); left > 0) {
        log::warn("drain timeout: closing {} websocket connections that did not finish", left);
    }
    for (std::size_t i = 0; i < workers_.size(); ++i) {
        net::Worker* w = workers_[i].get();
        net::Listener* listener = listeners_[i].get();
        net::Listener* metrics = i == 0 ? metrics_listener_.get() : nullptr;
        boost::asio::steady_timer* expiry = i == 0 ? expiry_timer_.get() : nullptr;
        w->post([w, listener, metrics, expiry] {
            if (expiry != nullptr) {
                expiry->cancel();
            }
            listener->stop();
            if (metrics != nullptr) {
                metrics->stop();
            }
            w->for_each_connection([](net::Connection& c) { c.close_now(); });
        });
    }
    for (auto& worker : workers_) {
        worker->stop();
    }
    for (auto& worker : workers_) {
        worker->join();
    }
    log::info("stopped");
}

}  // namespace wsc::app
