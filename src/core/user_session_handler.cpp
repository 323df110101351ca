#include "core/user_session_handler.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include <algorithm>
#include <optional>

#include "core/authenticator.h"
#include "core/close_codes.h"
#include "core/envelope.h"
#include "core/hub.h"
#include "core/session.h"

namespace wsc::core {

namespace {
std::string json_string(std::string_view text) {
    return boost::json::serialize(boost::json::string(text));
}
}  // namespace

void send_error(Session& session, std::string_view code, std::string_view message) {
    std::string text = "{\"type\":\"error\",\"code\":" + json_string(code) +
                       ",\"message\":" + json_string(message) +
                       ",\"ts\":" + std::to_string(unix_time_ms()) + "}";
    session.send_message(ws::Opcode::text, std::as_bytes(std::span(text.data(), text.size())));
}

bool parse_resume(std::string_view target, SessionInfo& info) {
    std::optional<std::string> value = query_parameter(target, "resume");
    if (!value) {
        return true;
    }
    if (*value == "message") {
        info.awaiting_resume = true;
        return true;
    }
    std::string_view rest = *value;
    const std::string own = user_stream(info.user_id);
    while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        const std::string_view item = rest.substr(0, comma);
        const std::size_t colon = item.rfind(':');
        if (colon == std::string_view::npos || colon == 0 || colon + 1 == item.size()) {
            return false;
        }
        const std::string_view stream = item.substr(0, colon);
        std::int64_t seq = 0;
        for (char c : item.substr(colon + 1)) {
            if (c < '0' || c > '9' || seq > (INT64_MAX - 9) / 10) {
                return false;
            }
            seq = seq * 10 + (c - '0');
        }
        if (stream == own) {
            info.resume_user_after = seq;
        } else if (stream == broadcast_stream) {
            info.resume_all_after = seq;
        }
        // Other streams (rooms) are not this session's yet: ignored.
        if (comma == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(comma + 1);
    }
    return true;
}

void UserSessionHandler::on_open(Session& session) {
    SessionInfo& info = *session.info();
    std::string text =
        "{\"type\":\"connected\",\"session_id\":" + json_string(session.session_id()) +
        ",\"user_id\":" + json_string(info.user_id) + ",\"ts\":" + std::to_string(unix_time_ms()) +
        "}";
    session.send_message(ws::Opcode::text, std::as_bytes(std::span(text.data(), text.size())));
    if (observer_ != nullptr) {
        observer_->on_connect(session.session_id(), info);
    }
    if (info.awaiting_resume && store_ != nullptr) {
        // Hold live delivery until the client says where it stands. Whatever is stored
        // meanwhile is replayed when it does (or when it doesn't in time), so nothing persisted
        // is lost; a message sent with persist:false during the wait is not seen.
        info.resume_user_after =
            static_cast<std::int64_t>(store_->last_seq(user_stream(info.user_id)));
        info.resume_all_after = static_cast<std::int64_t>(store_->last_seq(broadcast_stream));
        session.set_handler_deadline(session.context().settings.resume_timeout);
        return;
    }
    info.awaiting_resume = false;
    go_live(session, true);
}

void UserSessionHandler::go_live(Session& session, bool position_known) {
    // Replay before joining live delivery. Both run on this worker, and live messages for the
    // user are only delivered here after this call, so: everything the store held is replayed,
    // everything after arrives live, and the seq check in delivery drops a live copy of a
    // message the replay already sent. No gap, no duplicate.
    replay(session, position_known);
    session.context().add_user_session(session);
}

void UserSessionHandler::on_deadline(Session& session) {
    SessionInfo& info = *session.info();
    if (info.awaiting_resume) {
        info.awaiting_resume = false;
        session.context().stats.resume_timeouts.inc();
        go_live(session, false);
    }
}

bool UserSessionHandler::take_resume_message(Session& session, const boost::json::object* message) {
    SessionInfo& info = *session.info();
    info.awaiting_resume = false;
    session.clear_handler_deadline();
    const boost::json::value* type = message != nullptr ? message->if_contains("type") : nullptr;
    if (type == nullptr || !type->is_string() || type->as_string() != "resume") {
        go_live(session, false);
        return false;
    }
    const boost::json::value* streams = message->if_contains("streams");
    bool is_valid = streams != nullptr && streams->is_object();
    const std::string own = user_stream(info.user_id);
    if (is_valid) {
        for (const auto& [stream, seq] : streams->as_object()) {
            if (!seq.is_int64() || seq.as_int64() < 0) {
                is_valid = false;
                break;
            }
            if (stream == own) {
                info.resume_user_after = seq.as_int64();
            } else if (stream == broadcast_stream) {
                info.resume_all_after = seq.as_int64();
            }
            // Other streams (rooms) are not this session's yet: ignored, as in ?resume=.
        }
    }
    if (!is_valid) {
        send_error(session, "invalid_resume",
                   "resume needs \"streams\": {\"<stream>\": <last seq seen>, ...}");
    }
    go_live(session, is_valid);
    return true;
}

void UserSessionHandler::replay(Session& session, bool position_known) {
    SessionInfo& info = *session.info();
    if (store_ == nullptr || (info.resume_user_after < 0 && info.resume_all_after < 0)) {
        return;
    }
    std::string streams;
    bool recovered = position_known;
    auto replay_stream = [&](const std::string& stream, std::int64_t after,
                             std::uint64_t& last_sent) {
        if (after < 0) {
            return;
        }
        StreamRead read = store_->read_after(stream, static_cast<std::uint64_t>(after));
        for (const StoredMessage& message : read.messages) {
            session.send_replayed(
                std::as_bytes(std::span(message.envelope->data(), message.envelope->size())));
        }
        last_sent = std::max<std::uint64_t>(read.last_seq, static_cast<std::uint64_t>(after));
        recovered = recovered && read.recovered;
        streams +=
            (streams.empty() ? "" : ",") + json_string(stream) + ":" + std::to_string(last_sent);
    };
    replay_stream(user_stream(info.user_id), info.resume_user_after, info.last_user_seq);
    replay_stream(std::string(broadcast_stream), info.resume_all_after, info.last_all_seq);
    std::string summary =
        "{\"type\":\"resume\",\"recovered\":" + std::string(recovered ? "true" : "false") +
        ",\"streams\":{" + streams + "},\"ts\":" + std::to_string(unix_time_ms()) + "}";
    session.send_replayed(std::as_bytes(std::span(summary.data(), summary.size())));
}

void UserSessionHandler::reject(Session& session, std::string_view code, std::string_view text) {
    send_error(session, code, text);
    SessionInfo& info = *session.info();
    if (++info.consecutive_errors > session.context().settings.max_consecutive_errors) {
        session.close(close_codes::policy_violation, "too many invalid messages");
    }
}

void UserSessionHandler::on_message(Session& session, ws::Opcode opcode,
                                    std::span<const std::byte> payload) {
    boost::system::error_code ec;
    boost::json::value message;
    if (opcode == ws::Opcode::text) {
        message = boost::json::parse(
            std::string_view(reinterpret_cast<const char*>(payload.data()), payload.size()), ec);
    }
    if (session.info()->awaiting_resume &&
        take_resume_message(session, !ec && message.is_object() ? &message.as_object() : nullptr)) {
        session.info()->consecutive_errors = 0;
        return;
    }
    if (opcode != ws::Opcode::text) {
        reject(session, "unsupported_message", "client messages are JSON text");
        return;
    }
    if (ec || !message.is_object()) {
        reject(session, "invalid_json", "a client message is a JSON object");
        return;
    }
    const boost::json::object& object = message.as_object();
    const boost::json::string* type =
        object.if_contains("type") ? object.at("type").if_string() : nullptr;
    if (type == nullptr) {
        reject(session, "missing_type", "a client message needs a string \"type\"");
        return;
    }
    if (*type == "ping") {
        std::string pong = make_envelope(
            {.type = "pong", .data_json = "null", .id = {}, .from = {}, .ts_ms = unix_time_ms()});
        session.send_message(ws::Opcode::text, std::as_bytes(std::span(pong.data(), pong.size())));
    } else if (*type == "ack") {
        if (!record_ack(session, object)) {
            return;
        }
    } else if (*type == "send") {
        client_send(session, object);
        return;
    } else if (*type == "resume") {
        reject(session, "unexpected_resume",
               "a resume message is read only as the first message of a connection opened "
               "with ?resume=message");
        return;
    } else if (observer_ == nullptr ||
               !observer_->on_message(
                   session.session_id(), *session.info(), *type,
                   std::string_view(reinterpret_cast<const char*>(payload.data()),
                                    payload.size()))) {
        reject(session, "unknown_type", "unknown message type \"" + std::string(*type) + "\"");
        return;
    }
    session.info()->consecutive_errors = 0;
}

bool UserSessionHandler::record_ack(Session& session, const boost::json::object& message) {
    SessionInfo& info = *session.info();
    const boost::json::value* stream = message.if_contains("stream");
    const boost::json::value* seq = message.if_contains("seq");
    if (stream == nullptr || !stream->is_string() || seq == nullptr || !seq->is_int64() ||
        seq->as_int64() < 1) {
        reject(session, "invalid_ack", "ack needs \"stream\" and a positive \"seq\"");
        return false;
    }
    std::uint64_t* acked = nullptr;
    if (stream->as_string() == user_stream(info.user_id)) {
        acked = &info.acked_user_seq;
    } else if (stream->as_string() == broadcast_stream) {
        acked = &info.acked_all_seq;
    } else {
        reject(session, "invalid_ack", "not a stream of this connection");
        return false;
    }
    *acked = std::max(*acked, static_cast<std::uint64_t>(seq->as_int64()));
    return true;
}

void UserSessionHandler::client_send(Session& session, const boost::json::object& message) {
    if (!session.context().settings.client_send) {
        reject(session, "forbidden",
               "sending to other users is not allowed here "
               "(permissions.client_send)");
        return;
    }
    const boost::json::value* to = message.if_contains("to");
    std::vector<std::string> users;
    if (to != nullptr && to->is_string() && is_valid_user_id(to->as_string())) {
        users.emplace_back(to->as_string());
    } else if (to != nullptr && to->is_array() && !to->as_array().empty() &&
               to->as_array().size() <= 100) {
        for (const boost::json::value& user : to->as_array()) {
            if (!user.is_string() || !is_valid_user_id(user.as_string())) {
                users.clear();
                break;
            }
            users.emplace_back(user.as_string());
        }
    }
    if (users.empty()) {
        reject(session, "invalid_send", "send needs \"to\": a user id or 1-100 of them");
        return;
    }
    PushMessage push;
    const boost::json::value* kind = message.if_contains("message_type");
    push.type = kind != nullptr && kind->is_string() && !kind->as_string().empty()
                    ? std::string(kind->as_string())
                    : "message";
    if (const boost::json::value* data = message.if_contains("data")) {
        push.data_json = boost::json::serialize(*data);
    }
    if (const boost::json::value* id = message.if_contains("id");
        id != nullptr && id->is_string()) {
        push.id = std::string(id->as_string());
    }
    push.from = session.info()->user_id;
    push.exclude_session = session.session_id();  // a user messaging itself skips this tab
    const SendReport report = hub_.send_to_users(users, push);
    std::string seqs;
    for (const auto& [stream, seq] : report.seqs) {
        seqs += (seqs.empty() ? "" : ",") + json_string(stream) + ":" + std::to_string(seq);
    }
    std::string answer = "{\"type\":\"sent\",\"id\":" + json_string(push.id) +
                         ",\"delivered_to\":" + std::to_string(report.delivered_to) + ",\"seq\":{" +
                         seqs + "},\"ts\":" + std::to_string(unix_time_ms()) + "}";
    session.send_message(ws::Opcode::text, std::as_bytes(std::span(answer.data(), answer.size())));
    session.info()->consecutive_errors = 0;
}

void UserSessionHandler::on_close(Session& session, ws::CloseCode code, std::string_view) {
    if (observer_ != nullptr) {
        observer_->on_disconnect(session.session_id(), *session.info(), static_cast<int>(code));
    }
    session.context().remove_user_session(session);
    directory_.remove(session.info()->user_id, session.id().worker, session.session_id());
}

}  // namespace wsc::core
