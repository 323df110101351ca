#pragma once
/// wsc::Server: embed a WSC gateway node in a C++ program.
///
/// ```cpp
/// wsc::Server server({.config_file = "wsc.yaml"});
/// server.start();
/// server.send_to_user("alice", {.type = "notification", .data_json = R"({"title":"Hi"})"});
/// server.run_until_signal();   // serves until SIGINT/SIGTERM, then drains and returns
/// ```
///
/// Configuration follows docs/configuration.md: embedded defaults, then the YAML file, then
/// `WSC_*` environment variables (when `use_environment`), then `settings` ("key", "value")
/// pairs such as {"port", "9000"} or {"heartbeat.interval", "10s"}.
///
/// @par Thread Safety
/// One Server is driven from one thread; start(), shutdown() and the destructor must not race.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wsc {

/// Thrown by the Server constructor for an invalid configuration; what() names the key (and the
/// file line for file values).
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class Priority { low, normal, high };

/// A message to push. `data_json` must be valid JSON (it is sent verbatim).
struct Message {
    std::string type;
    std::string data_json = "null";
    std::string id;  // empty: the server makes one
    Priority priority = Priority::normal;
    bool persist = true;  // false: no seq, not kept for resume
};

struct SendResult {
    std::string id;
    std::size_t delivered_to = 0;                            // connections it was queued to
    std::vector<std::pair<std::string, std::uint64_t>> seq;  // stream -> seq
};

struct ConnectionInfo {
    std::string session_id;
    std::string user_id;
    std::int64_t connected_at_ms = 0;
    std::string remote_address;
    std::string user_agent;
    std::map<std::string, std::string> metadata;  // from on_user_info
};

struct Stats {
    std::size_t connections = 0;  // WebSocket connections (all endpoints)
    std::size_t users = 0;        // users online
    std::uint64_t messages_sent = 0;
    std::uint64_t messages_received = 0;
    std::uint64_t messages_dropped = 0;
    std::uint64_t queued_messages = 0;  // waiting in connections' outbound queues
    std::uint64_t queued_bytes = 0;
};

/// What on_authenticate sees of a connecting client.
struct AuthRequest {
    std::string_view target;                                   // path and query
    std::function<std::string_view(std::string_view)> header;  // a request header, or ""
    std::string_view remote_address;
};

/// The callbacks of an embedding application. Set them before start(). They run on worker
/// threads, from several at once, and must not block.
struct Callbacks {
    /// Decides the user of a connection: a user id, or nullopt to refuse it with 401. Unset:
    /// `auth.mode` decides (none: `?user_id=`).
    std::function<std::optional<std::string>(const AuthRequest&)> on_authenticate;
    /// The user-info extractor: metadata kept with the connection (device, app version…),
    /// shown by user_connections() and GET /api/wsc/users/{id}. Called after authentication.
    std::function<std::map<std::string, std::string>(const AuthRequest&)> on_user_info;
    std::function<void(const ConnectionInfo&)> on_connect;
    std::function<void(const ConnectionInfo&, int close_code)> on_disconnect;
    /// A client message of a type WSC does not handle (`type` and the whole JSON text).
    /// Return false to answer the client with an `unknown_type` error.
    std::function<bool(const ConnectionInfo&, std::string_view type, std::string_view json)>
        on_message;
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
    explicit Server(ServerConfig config = {}, Callbacks callbacks = {});
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

    // Pushing and querying: safe from any thread once started.

    /// Appends to the user's stream and queues to every connection of the user.
    SendResult send_to_user(std::string_view user_id, const Message& message);
    /// One call for many users (the data is serialized once).
    SendResult send_to_users(const std::vector<std::string>& user_ids, const Message& message);
    /// To every connected user (and the `all` stream).
    SendResult broadcast(const Message& message);
    /// Online users after `cursor`, ascending, at most `limit`.
    [[nodiscard]] std::vector<std::string> online_users(std::string_view cursor = {},
                                                        std::size_t limit = 1000) const;
    [[nodiscard]] std::vector<ConnectionInfo> user_connections(std::string_view user_id) const;
    [[nodiscard]] Stats stats() const;
    /// Closes the user's connections (only `session_id` if set) with `code` (3000–4999 or
    /// 1000/1001/1008). Returns how many were asked to close.
    std::size_t disconnect(std::string_view user_id, std::string_view session_id = {},
                           int code = 4500, std::string reason = "disconnected by the server");

    /// The effective configuration as YAML (what `wscd --print-config` prints).
    [[nodiscard]] std::string effective_config() const;
    /// The bound port once started, else the configured one.
    [[nodiscard]] std::uint16_t port() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace wsc
