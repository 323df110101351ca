#pragma once
/// Router: maps request paths to handlers, and WebSocket paths to an upgrade hook.
///
/// Handlers run on the worker thread that owns the connection and must not block. The upgrade
/// hook is how a WebSocket handshake leaves `http` for `core` without `http` knowing `core`:
/// `app` installs it (STYLE.md, dependency direction).
///
/// @par Thread Safety
/// Built during start-up; read-only (and so shared by all workers) once the server runs.

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http/message.h"
#include "net/socket.h"

namespace wsc::net {
class Worker;
}

namespace wsc::http {

/// What the upgrade hook gets: the parsed request, the socket (to move out when accepting),
/// bytes the client sent after the request (already WebSocket frames) and the worker.
struct UpgradeContext {
    Request& request;
    net::Socket& socket;
    std::span<const std::byte> leftover;
    net::Worker& worker;
};

class Router {
public:
    using Handler = std::function<Response(const Request&)>;
    /// Takes the socket (returns nullopt) or refuses with a response; the connection then
    /// closes after sending it.
    using UpgradeHandler = std::function<std::optional<Response>(UpgradeContext&)>;

    /// Routes `verb path` (exact path, query ignored) to `handler`. HEAD is served by the GET
    /// handler without a body.
    void add(Verb verb, std::string path, Handler handler);
    /// Routes every request under `prefix` (which ends with '/') to `handler`.
    void add_prefix(Verb verb, std::string prefix, Handler handler);
    void add_upgrade(std::string path, UpgradeHandler handler);

    [[nodiscard]] const UpgradeHandler* find_upgrade(std::string_view path) const;
    /// Runs the matching handler; 404 for an unknown path, 405 (with Allow) for a known path
    /// and another method.
    [[nodiscard]] Response dispatch(const Request& request) const;

private:
    struct Route {
        Verb verb;
        std::string path;
        bool is_prefix;
        Handler handler;
    };
    std::vector<Route> routes_;
    std::unordered_map<std::string, UpgradeHandler> upgrades_;
};

}  // namespace wsc::http
