#pragma once
/// SessionHandler: what an endpoint does with a WebSocket session's events.
///
/// One handler serves an endpoint on every worker, so implementations must be safe to call
/// from several worker threads at once (stateless, or state per worker). Each call runs on the
/// session's worker thread; the session reference is valid only during the call.

#include <cstddef>
#include <span>
#include <string_view>

#include "ws/close_code.h"
#include "ws/opcode.h"

namespace wsc::core {

class Session;

class SessionHandler {
public:
    virtual ~SessionHandler() = default;
    /// The handshake response is queued; the session can send.
    virtual void on_open(Session& session) { (void)session; }
    /// A complete text or binary message (inflated, UTF-8 checked). `payload` is valid only
    /// during the call.
    virtual void on_message(Session& session, ws::Opcode opcode,
                            std::span<const std::byte> payload) = 0;
    /// The deadline set with Session::set_handler_deadline() has passed.
    virtual void on_deadline(Session& session) { (void)session; }
    /// The session is gone (peer close, error, timeout or shutdown); no more sends.
    virtual void on_close(Session& session, ws::CloseCode code, std::string_view reason) {
        (void)session, (void)code, (void)reason;
    }
};

/// The echo endpoint (`ws.echo_path`): every message goes back unchanged, same opcode.
class EchoHandler final : public SessionHandler {
public:
    void on_message(Session& session, ws::Opcode opcode,
                    std::span<const std::byte> payload) override;
};

}  // namespace wsc::core
