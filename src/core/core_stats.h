#pragma once
/// Per-worker WebSocket counters, summed at scrape time (STYLE.md point 19). Every error path
/// bumps one of these.

#include <array>
#include <cstdint>

#include "metrics/counter.h"

namespace wsc::core {

/// Why a handshake was refused (each maps to an HTTP status).
enum class HandshakeFailure : std::uint8_t {
    bad_request,        // RFC 6455 §4.2.1 validation: 400
    bad_version,        // missing or unsupported Sec-WebSocket-Version: 426
    over_capacity,      // max_connections reached: 503
    draining,           // shutting down: 503
    unauthorized,       // the authenticator refused: 401
    too_many_per_user,  // limits.max_connections_per_user reached: 429
    count_              // number of values
};

struct CoreStats {
    metrics::Gauge sessions;           // open WebSocket sessions on this worker
    metrics::Counter sessions_opened;  // successful upgrades
    metrics::Counter sessions_closed;
    std::array<metrics::Counter, static_cast<std::size_t>(HandshakeFailure::count_)>
        handshake_failures;
    metrics::Counter protocol_errors;     // peer violated RFC 6455/7692; closed with 1002/1007/1009
    metrics::Counter heartbeat_timeouts;  // no inbound traffic within heartbeat.timeout
    metrics::Counter close_timeouts;      // peer never answered our close frame
    metrics::Counter messages_received;
    metrics::Counter messages_sent;
    metrics::Counter bytes_received;
    metrics::Counter bytes_sent;
    metrics::Counter pings_sent;
    metrics::Counter frames_dropped;  // outbound queue full
    metrics::Gauge queued_frames;     // waiting in this worker's outbound queues
    metrics::Gauge queued_bytes;
    metrics::Counter slow_consumers_closed;  // closed because the outbound queue overflowed
    metrics::Counter handler_errors;         // application callbacks that threw
    metrics::Counter resume_timeouts;        // `?resume=message` and no message in time
};

}  // namespace wsc::core
