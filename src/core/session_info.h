#pragma once
/// SessionInfo: who a user-facing WebSocket session belongs to. Held by the session (one
/// allocation, only for sessions of the application endpoint; echo sessions have none).

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

namespace wsc::core {

struct SessionInfo {
    std::string user_id;
    std::int64_t connected_at_ms = 0;  // Unix time
    std::string remote_address;        // the client (X-Forwarded-For if trusted)
    std::string user_agent;
    std::map<std::string, std::string> metadata;  // filled by the user-info extractor
    std::size_t index_in_worker = 0;              // position in WorkerContext::sessions
};

}  // namespace wsc::core
