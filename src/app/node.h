#pragma once
/// Node: the composition root of one wscd process (STYLE.md: `app` wires everything).
///
/// Start order: workers' contexts, listeners (bound before any thread runs, so a bad address
/// fails start-up), routes and the upgrade hook, worker threads. Stop order is the reverse,
/// with a drain in front: /ready turns 503, listeners close, every connection is asked to
/// finish (WebSocket sessions flush their queues and close with 1001), and whatever remains at
/// the drain deadline is closed hard.
///
/// @par Thread Safety
/// start() and stop() from one control thread; stop() is idempotent.

#include <atomic>

#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "api/health_routes.h"
#include "api/server_api.h"
#include "config/options.h"
#include "core/hub.h"
#include "core/session_handler.h"
#include "core/stream_store.h"
#include "http/http_connection.h"
#include "http/router.h"
#include "metrics/registry.h"
#include "net/listener.h"
#include "net/socket_options.h"
#include "net/worker.h"

namespace wsc::app {

class Node {
public:
    explicit Node(config::Options options);
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;
    ~Node();

    /// Binds every worker's listener and starts the workers. Throws on a bind failure.
    /// Returns the bound port (the configured one, or the kernel's pick for port 0).
    std::uint16_t start();
    /// Drains (bounded by shutdown.drain_timeout), then stops every worker. Idempotent.
    void stop();

    [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
    [[nodiscard]] const metrics::Registry& registry() const noexcept { return registry_; }
    [[nodiscard]] const config::Options& options() const noexcept { return options_; }
    [[nodiscard]] core::Hub& hub() noexcept { return hub_; }
    /// Replaces the `auth.mode` authenticator (the library's on_authenticate). Before start().
    void set_authenticator(std::unique_ptr<core::Authenticator> authenticator) {
        authenticator_ = std::move(authenticator);
    }
    /// Before start(); `observer` must outlive the node.
    void set_observer(core::SessionObserver* observer) { hub_.attach_observer(observer); }

private:
    void build_routes();
    void register_metrics();
    void schedule_expiry();
    void on_accept(net::Worker& worker, net::Socket socket, const http::Router& router);
    void open_metrics_listener(const boost::asio::ip::address& address);
    std::optional<http::Response> upgrade(http::UpgradeContext& context,
                                          core::SessionHandler& handler, bool is_user_endpoint);
    std::string client_address(const http::UpgradeContext& context) const;
    std::size_t open_connections() const;

    config::Options options_;
    std::vector<std::unique_ptr<net::Worker>> workers_;
    std::vector<std::unique_ptr<net::Listener>> listeners_;
    std::vector<std::unique_ptr<http::HttpStats>> http_stats_;
    core::Hub hub_;
    core::EchoHandler echo_handler_;
    std::unique_ptr<core::Authenticator> authenticator_ =
        std::make_unique<core::QueryParameterAuthenticator>();
    std::unique_ptr<core::StreamStore> store_;
    std::unique_ptr<boost::asio::steady_timer> expiry_timer_;  // on worker 0
    api::ServerApiOptions api_options_;
    http::Router router_;
    http::Router metrics_router_;  // used when metrics.port is set: /metrics, /health, /ready
    std::unique_ptr<net::Listener> metrics_listener_;
    http::HttpSettings http_settings_;
    net::TcpOptions tcp_options_;
    metrics::Registry registry_;
    std::atomic<bool> is_ready_{false};
    std::atomic<bool> is_draining_{false};
    api::NodeStatus status_;
    std::uint16_t port_ = 0;
    bool is_started_ = false;
    bool is_stopped_ = false;
};

}  // namespace wsc::app
