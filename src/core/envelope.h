#pragma once
/// Envelope: the JSON text of every server-to-client message,
/// `{"type":…,"data":…,"id":…,"from":…,"ts":…}` (docs/protocol.md).

#include <cstdint>
#include <string>
#include <string_view>

namespace wsc::core {

struct EnvelopeFields {
    std::string_view type;
    std::string_view data_json = "null";  // already valid JSON; copied verbatim
    std::string_view id;                  // omitted when empty
    std::string_view from;                // omitted when empty
    std::int64_t ts_ms = 0;
    std::string_view stream = {};  // with seq: the message's place in its stream
    std::uint64_t seq = 0;         // 0 = not persisted: no stream, no seq
};

/// Serializes an envelope. `type`, `id` and `from` are escaped; `data_json` is not re-encoded.
std::string make_envelope(const EnvelopeFields& fields);

/// Milliseconds since the Unix epoch.
std::int64_t unix_time_ms() noexcept;

}  // namespace wsc::core
