// wsc::Server (include/wsc/server.h): the public face of app::Node.
#include "wsc/server.h"

#include <csignal>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "app/logging.h"
#include "app/node.h"
#include "base/log.h"
#include "config/loader.h"

namespace wsc {

struct Server::Impl {
    explicit Impl(config::Options options) : node(std::move(options)) {}
    app::Node node;
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

Server::Server(ServerConfig config) {
    config::Options options = load(config);
    if (config.configure_logging) {
        app::setup_logging(options.log);
    }
    impl_ = std::make_unique<Impl>(std::move(options));
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

std::string Server::effective_config() const {
    return config::to_yaml(impl_->node.options());
}

std::uint16_t Server::port() const noexcept {
    return impl_->node.port() != 0 ? impl_->node.port() : impl_->node.options().port;
}

}  // namespace wsc
