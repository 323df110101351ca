// Embeds a WSC gateway in an application: users authenticate with a header the app checks,
// the app hears connects and custom client messages, and pushes a welcome message.
//
//   build/examples/embedded_gateway            (then: ws://127.0.0.1:8081/ws with X-User: alice)
#include <iostream>

#include "wsc/server.h"

int main() {
    wsc::Callbacks callbacks;
    callbacks.on_authenticate = [](const wsc::AuthRequest& request) -> std::optional<std::string> {
        std::string_view user = request.header("X-User");  // your session or token check here
        if (user.empty()) {
            return std::nullopt;  // 401
        }
        return std::string(user);
    };
    wsc::Server* server = nullptr;
    callbacks.on_connect = [&server](const wsc::ConnectionInfo& connection) {
        server->send_to_user(connection.user_id,
                             {.type = "welcome", .data_json = R"({"text":"hello"})"});
    };
    callbacks.on_message = [](const wsc::ConnectionInfo& connection, std::string_view type,
                              std::string_view json) {
        std::cout << connection.user_id << " sent " << type << ": " << json << '\n';
        return true;  // handled
    };
    try {
        wsc::Server gateway({.settings = {{"ws.echo_path", "/echo"}}}, std::move(callbacks));
        server = &gateway;
        gateway.run_until_signal();
    } catch (const std::exception& e) {
        std::cerr << "embedded_gateway: " << e.what() << '\n';
        return 1;
    }
}
