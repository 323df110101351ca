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
    std::uint64_t last_user_seq = 0;              // newest seq of user:<id> sent to it
    std::uint64_t last_all_seq = 0;               // newest seq of `all` sent to it
    std::uint64_t acked_user_seq = 0;             // newest seq of user:<id> the client acked
    std::uint64_t acked_all_seq = 0;              // newest seq of `all` the client acked
    std::uint32_t consecutive_errors = 0;         // invalid client messages in a row
    /// Streams to replay before going live: the seq the client saw last, or -1. From
    /// `?resume=<stream>:<seq>`, or from a first `resume` message (`?resume=message`).
    std::int64_t resume_user_after = -1;
    std::int64_t resume_all_after = -1;
    /// `?resume=message`: live delivery waits for the client's first message.
    bool awaiting_resume = false;
};

}  // namespace wsc::core
