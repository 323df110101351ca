#include "app/library_callbacks.h"

#include "base/log.h"

namespace wsc::app {

ConnectionInfo to_connection_info(std::string_view session_id, const core::SessionInfo& info) {
    return ConnectionInfo{std::string(session_id), info.user_id,    info.connected_at_ms,
                          info.remote_address,     info.user_agent, info.metadata};
}

core::AuthResult CallbackAuthenticator::authenticate(const core::ConnectRequest& request) const {
    const AuthRequest view{request.target, request.header, request.remote_address};
    core::AuthResult result;
    if (callback_) {
        std::optional<std::string> user;
        try {
            user = callback_(view);
        } catch (const std::exception& e) {
            log::error("on_authenticate threw: {}", e.what());
        }
        if (!user || !core::is_valid_user_id(*user)) {
            result.failure = core::AuthFailure{401, "unauthorized", "authentication failed"};
            return result;
        }
        result.user_id = std::move(*user);
    } else {
        result = fallback_->authenticate(request);
        if (result.failure) {
            return result;
        }
    }
    if (user_info_) {
        try {
            result.metadata = user_info_(view);
        } catch (const std::exception& e) {
            log::error("on_user_info threw: {}", e.what());
        }
    }
    return result;
}

// Callbacks are the application's code: an exception there must not reach the event loop.
void CallbackObserver::on_connect(std::string_view session_id, const core::SessionInfo& info) {
    if (callbacks_.on_connect) {
        try {
            callbacks_.on_connect(to_connection_info(session_id, info));
        } catch (const std::exception& e) {
            log::error("on_connect threw: {}", e.what());
        }
    }
}

void CallbackObserver::on_disconnect(std::string_view session_id, const core::SessionInfo& info,
                                     int close_code) {
    if (callbacks_.on_disconnect) {
        try {
            callbacks_.on_disconnect(to_connection_info(session_id, info), close_code);
        } catch (const std::exception& e) {
            log::error("on_disconnect threw: {}", e.what());
        }
    }
}

bool CallbackObserver::on_message(std::string_view session_id, const core::SessionInfo& info,
                                  std::string_view type, std::string_view json) {
    if (!callbacks_.on_message) {
        return false;
    }
    try {
        return callbacks_.on_message(to_connection_info(session_id, info), type, json);
    } catch (const std::exception& e) {
        log::error("on_message threw: {}", e.what());
        return false;
    }
}

}  // namespace wsc::app
