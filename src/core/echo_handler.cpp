#include "core/session.h"
#include "core/session_handler.h"

namespace wsc::core {

void EchoHandler::on_message(Session& session, ws::Opcode opcode,
                             std::span<const std::byte> payload) {
    session.send_message(opcode, payload);
}

}  // namespace wsc::core
