#pragma once
/// wsc::Server: embed a WSC gateway node in a C++ program.
///
/// ```cpp
/// wsc::Server server({.config_file = "wsc.yaml"});
/// server.run_until_signal();   // serves until SIGINT/SIGTERM, then drains and returns
/// ```
///
/// Configuration follows docs/configuration.md: embedded defaults, then the YAML file, then
/// `WSC_*` environment variables (when `use_environment`), then `settings` ("key", "value")
/// pairs such as {"port", "9000"} or {"heartbeat.interval", "10s"}.
///
/// @par Thread Safety
/// One Server is driven from one thread; start(), shutdown() and the destructor must not race.

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace wsc {

/// Thrown by the Server constructor for an invalid configuration; what() names the key (and the
/// file line for file values).
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ServerConfig {
    std::optional<std::string> config_file;                     // YAML with a `wsc:` root
    std::vector<std::pair<std::string, std::string>> settings;  // applied last
    bool use_environment = true;    // honour WSC_* variables (and WSC_CONFIG)
    bool configure_logging = true;  // set up spdlog from the `log.*` keys
};

class Server {
public:
    /// Loads and validates the configuration. Throws ConfigError.
    explicit Server(ServerConfig config = {});
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;
    /// Drains and stops if still running.
    ~Server();

    /// Binds the listeners and starts the workers; returns the bound port. Throws
    /// std::system_error when the address cannot be bound.
    std::uint16_t start();
    /// Graceful stop: /ready turns 503, listeners close, WebSocket connections flush their
    /// queues and close with 1001, bounded by shutdown.drain_timeout. Idempotent.
    void shutdown();
    /// start() if needed, block until SIGINT or SIGTERM, then shutdown().
    void run_until_signal();

    /// The effective configuration as YAML (what `wscd --print-config` prints).
    [[nodiscard]] std::string effective_config() const;
    /// The bound port once started, else the configured one.
    [[nodiscard]] std::uint16_t port() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace wsc
