#pragma once
/// UserSessionHandler: the application endpoint (`path`). Sessions belong to users: on open a
/// session is indexed on its worker and greeted with a `connected` message; client messages
/// follow docs/protocol.md; on close the session leaves the worker index and the directory.
///
/// @par Thread Safety
/// Called on each session's worker thread; state lives in the worker's WorkerContext and in
/// the thread-safe UserDirectory.

#include <boost/json/object.hpp>

#include "core/session_handler.h"
#include "core/session_info.h"
#include "core/session_observer.h"
#include "core/stream_store.h"
#include "core/user_directory.h"

namespace wsc::core {

class Hub;

class UserSessionHandler final : public SessionHandler {
public:
    UserSessionHandler(UserDirectory& directory, Hub& hub) : directory_(directory), hub_(hub) {}
    void attach_store(StreamStore& store) noexcept { store_ = &store; }
    /// Set during start-up, before any session opens.
    void attach_observer(SessionObserver* observer) noexcept { observer_ = observer; }

    void on_open(Session& session) override;
    void on_message(Session& session, ws::Opcode opcode,
                    std::span<const std::byte> payload) override;
    void on_close(Session& session, ws::CloseCode code, std::string_view reason) override;
    /// `?resume=message` and no message within streams.resume_timeout: goes live.
    void on_deadline(Session& session) override;

private:
    /// Replays what the client missed, then joins live delivery on this worker.
    /// `position_known` false: the client gave no position (resume message missing), so the
    /// summary says recovered:false even though everything since it connected is replayed.
    void go_live(Session& session, bool position_known);
    /// Replays what the client missed and says whether it all was still there.
    void replay(Session& session, bool position_known);
    /// The first message of a `?resume=message` session. Returns true when it was the resume
    /// message (consumed); otherwise the session is live and the message is handled as usual.
    bool take_resume_message(Session& session, const boost::json::object* message);

    /// `{"type":"send","to":…}`: a message to other users, when permissions.client_send.
    void client_send(Session& session, const boost::json::object& message);
    /// `{"type":"ack","stream":…,"seq":…}`: records what the client has processed.
    bool record_ack(Session& session, const boost::json::object& message);
    /// Answers an invalid message; too many in a row close the session (4508).
    void reject(Session& session, std::string_view code, std::string_view text);

    UserDirectory& directory_;
    Hub& hub_;
    StreamStore* store_ = nullptr;
    SessionObserver* observer_ = nullptr;
};

/// Sends `{"type":"error","code":…,"message":…,"ts":…}` to `session`.
void send_error(Session& session, std::string_view code, std::string_view message);

/// Reads `?resume=<stream>:<seq>,…` into `info` (only the user's own stream and `all`), or
/// `?resume=message` (the positions come in the first message). Returns false when malformed.
bool parse_resume(std::string_view target, SessionInfo& info);

}  // namespace wsc::core
