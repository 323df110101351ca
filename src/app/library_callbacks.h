#pragma once
/// Adapters from the public wsc::Callbacks (include/wsc/server.h) to core's Authenticator and
/// SessionObserver interfaces.

#include "core/authenticator.h"
#include "core/session_observer.h"
#include "wsc/server.h"

namespace wsc::app {

ConnectionInfo to_connection_info(std::string_view session_id, const core::SessionInfo& info);

class CallbackAuthenticator final : public core::Authenticator {
public:
    explicit CallbackAuthenticator(
        std::function<std::optional<std::string>(const AuthRequest&)> callback)
        : callback_(std::move(callback)) {}
    core::AuthResult authenticate(const core::ConnectRequest& request) const override;

private:
    std::function<std::optional<std::string>(const AuthRequest&)> callback_;
};

class CallbackObserver final : public core::SessionObserver {
public:
    explicit CallbackObserver(Callbacks callbacks) : callbacks_(std::move(callbacks)) {}
    void on_connect(std::string_view session_id, const core::SessionInfo& info) override;
    void on_disconnect(std::string_view session_id, const core::SessionInfo& info,
                       int close_code) override;
    bool on_message(std::string_view session_id, const core::SessionInfo& info,
                    std::string_view type, std::string_view json) override;

private:
    Callbacks callbacks_;
};

}  // namespace wsc::app
