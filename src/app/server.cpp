// wsc::Server (include/wsc/server.h): the public face of app::Node.
#include "wsc/server.h"

#include <csignal>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "api/server_api.h"
#include "app/library_callbacks.h"
#include "app/logging.h"
#include "app/node.h"
#include "base/log.h"
#include "config/loader.h"

namespace wsc {

struct Server::Impl {
    Impl(config::Options options, Callbacks callbacks)
        : node(std::move(options)), observer(callbacks) {
        if (callbacks.on_authenticate || callbacks.on_user_info) {
            node.set_authenticator(std::make_unique<app::CallbackAuthenticator>(
                std::move(callbacks.on_authenticate), std::move(callbacks.on_user_info),
                std::make_unique<core::QueryParameterAuthenticator>()));
        }
        node.set_observer(&observer);
    }
    app::Node node;
    app::CallbackObserver observer;
};

namespace {
config::Options load(const ServerConfig& config) {
    config::LoadRequest request;
    request.config_path = config.config_file;
    request.overrides = config.settings;
    if (config.use_environment) {
        request.environment = config::current_environment();
    }
    try {
        return config::load_options(request);
    } catch (const config::Error& e) {
        throw ConfigError(e.what());
    }
}
}  // namespace

Server::Server(ServerConfig config, Callbacks callbacks) {
    config::Options options = load(config);
    if (config.configure_logging) {
        app::setup_logging(options.log);
    }
    impl_ = std::make_unique<Impl>(std::move(options), std::move(callbacks));
}

Server::~Server() {
    shutdown();
}

std::uint16_t Server::start() {
    return impl_->node.start();
}

void Server::shutdown() {
    impl_->node.stop();
}

void Server::run_until_signal() {
    if (!impl_->node.options().enabled) {
        log::info("wsc.enabled is false: not serving");
        return;
    }
    // Asio turns the signal into a completion on this thread, whichever thread it hit.
    boost::asio::io_context signals_context;
    boost::asio::signal_set signals(signals_context, SIGINT, SIGTERM);
    start();
    int received = 0;
    signals.async_wait([&](const boost::system::error_code& ec, int signal) {
        if (!ec) {
            received = signal;
        }
    });
    signals_context.run();
    log::info("received signal {}, shutting down", received);
    shutdown();
}

namespace {
core::PushMessage to_push(const Message& message) {
    core::PushMessage push;
    push.type = message.type;
    push.data_json = message.data_json;
    push.id = message.id.empty() ? api::new_message_id() : message.id;
    push.persist = message.persist;
    push.priority = message.priority == Priority::high  ? core::Priority::high
                    : message.priority == Priority::low ? core::Priority::low
                                                        : core::Priority::normal;
    return push;
}

SendResult to_result(const core::PushMessage& push, const core::SendReport& report) {
    return SendResult{push.id, report.delivered_to, report.seqs};
}
}  // namespace

SendResult Server::send_to_user(std::string_view user_id, const Message& message) {
    return send_to_users({std::string(user_id)}, message);
}

SendResult Server::send_to_users(const std::vector<std::string>& user_ids, const Message& message) {
    const core::PushMessage push = to_push(message);
    return to_result(push, impl_->node.hub().send_to_users(user_ids, push));
}

SendResult Server::broadcast(const Message& message) {
    const core::PushMessage push = to_push(message);
    return to_result(push, impl_->node.hub().broadcast(push));
}

std::vector<std::string> Server::online_users(std::string_view cursor, std::size_t limit) const {
    return impl_->node.hub().directory().users_after(cursor, limit);
}

std::vector<ConnectionInfo> Server::user_connections(std::string_view user_id) const {
    std::vector<ConnectionInfo> out;
    for (const core::ConnectionSummary& c : impl_->node.hub().directory().connections_of(user_id)) {
        out.push_back(ConnectionInfo{c.session_id, std::string(user_id), c.connected_at_ms,
                                     c.remote_address, c.user_agent, c.metadata});
    }
    return out;
}

Stats Server::stats() const {
    core::Hub& hub = impl_->node.hub();
    Stats stats;
    stats.connections = hub.session_count();
    stats.users = hub.directory().user_count();
    for (std::size_t i = 0; i < hub.worker_count(); ++i) {
        stats.messages_sent += hub.stats(i).messages_sent.value();
        stats.messages_received += hub.stats(i).messages_received.value();
        stats.messages_dropped += hub.stats(i).frames_dropped.value();
        stats.queued_messages += static_cast<std::uint64_t>(hub.stats(i).queued_frames.value());
        stats.queued_bytes += static_cast<std::uint64_t>(hub.stats(i).queued_bytes.value());
    }
    return stats;
}

std::size_t Server::disconnect(std::string_view user_id, std::string_view session_id, int code,
                               std::string reason) {
    return impl_->node.hub().disconnect(user_id, session_id, static_cast<ws::CloseCode>(code),
                                        std::move(reason));
}

std::string Server::effective_config() const {
    return config::to_yaml(impl_->node.options());
}

std::uint16_t Server::port() const noexcept {
    return impl_->node.port() != 0 ? impl_->node.port() : impl_->node.options().port;
}

}  // namespace wsc
