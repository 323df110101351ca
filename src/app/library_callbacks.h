#pragma once
/// Adapters from the public wsc::Callbacks (include/wsc/server.h) to core's Authenticator and
/// SessionObserver interfaces.

#include <memory>

#include "core/authenticator.h"
#include "core/session_observer.h"
#include "wsc/server.h"

namespace wsc::app {

ConnectionInfo to_connection_info(std::string_view session_id, const core::SessionInfo& info);

/// on_authenticate (or, when unset, `fallback`: the auth.mode authenticator), then
/// on_user_info for the metadata.
class CallbackAuthenticator final : public core::Authenticator {
public:
    CallbackAuthenticator(
        std::function<std::optional<std::string>(const AuthRequest&)> callback,
        std::function<std::map<std::string, std::string>(const AuthRequest&)> user_info,
        std::unique_ptr<core::Authenticator> fallback)
        : callback_(std::move(callback)),
          user_info_(std::move(user_info)),
          fallback_(std::move(fallback)) {}
    core::AuthResult authenticate(const core::ConnectRequest& request) const override;

private:
    std::function<std::optional<std::string>(const AuthRequest&)> callback_;
    std::function<std::map<std::string, std::string>(const AuthRequest&)> user_info_;
    std::unique_ptr<core::Authenticator> fallback_;
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
