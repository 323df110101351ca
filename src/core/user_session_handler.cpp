#include "core/user_session_handler.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include "core/envelope.h"
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

void UserSessionHandler::on_open(Session& session) {
    session.context().add_user_session(session);
    const SessionInfo& info = *session.info();
    std::string text =
        "{\"type\":\"connected\",\"session_id\":" + json_string(session.session_id()) +
        ",\"user_id\":" + json_string(info.user_id) + ",\"ts\":" + std::to_string(unix_time_ms()) +
        "}";
    session.send_message(ws::Opcode::text, std::as_bytes(std::span(text.data(), text.size())));
}

void UserSessionHandler::on_message(Session& session, ws::Opcode opcode,
                                    std::span<const std::byte> payload) {
    if (opcode != ws::Opcode::text) {
        send_error(session, "unsupported_message", "client messages are JSON text");
        return;
    }
    boost::system::error_code ec;
    const boost::json::value message = boost::json::parse(
        std::string_view(reinterpret_cast<const char*>(payload.data()), payload.size()), ec);
    if (ec || !message.is_object()) {
        send_error(session, "invalid_json", "a client message is a JSON object");
        return;
    }
    const boost::json::string* type = message.as_object().if_contains("type")
                                          ? message.as_object().at("type").if_string()
                                          : nullptr;
    if (type == nullptr) {
        send_error(session, "missing_type", "a client message needs a string \"type\"");
        return;
    }
    if (*type == "ping") {
        std::string pong = make_envelope(
            {.type = "pong", .data_json = "null", .id = {}, .from = {}, .ts_ms = unix_time_ms()});
        session.send_message(ws::Opcode::text, std::as_bytes(std::span(pong.data(), pong.size())));
        return;
    }
    send_error(session, "unknown_type", "unknown message type \"" + std::string(*type) + "\"");
}

void UserSessionHandler::on_close(Session& session, ws::CloseCode, std::string_view) {
    session.context().remove_user_session(session);
    directory_.remove(session.info()->user_id, session.id().worker);
}

}  // namespace wsc::core
