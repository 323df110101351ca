#pragma once
/// permessage-deflate negotiation (RFC 7692 §5, §7.1).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wsc::ws {

/// What was agreed for one connection.
struct DeflateParams {
    bool enabled = false;
    std::uint8_t server_max_window_bits = 15;  // our compression window (the client may cap it)
    std::uint8_t client_max_window_bits = 15;  // the client's window; we inflate with 15 anyway
};

struct DeflateOffer {
    DeflateParams params;
    std::string response;  // the Sec-WebSocket-Extensions value to answer with
};

/// Walks the offers in `extensions_header` (repeated headers joined with ", ") in the client's
/// order and accepts the first permessage-deflate offer we can honour. An offer is declined for
/// unknown or repeated parameters, bad values (window bits outside 8..15, leading zeros, a
/// value on a *_no_context_takeover parameter), or server_max_window_bits=8, which zlib cannot
/// produce. The answer always carries server_no_context_takeover and client_no_context_takeover
/// (allowed even when not offered, §7.1.1.1 and §7.1.1.2), plus server_max_window_bits when the
/// client asked for it. Other extensions are ignored; a garbled header yields no extension.
std::optional<DeflateOffer> negotiate_permessage_deflate(std::string_view extensions_header);

}  // namespace wsc::ws
