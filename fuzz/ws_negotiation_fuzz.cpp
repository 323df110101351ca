// libFuzzer target: Sec-WebSocket-Extensions parsing and permessage-deflate negotiation. Any
// accepted offer must name window sizes zlib can produce.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "ws/deflate_negotiation.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto offer = wsc::ws::negotiate_permessage_deflate(
        std::string_view(reinterpret_cast<const char*>(data), size));
    if (offer &&
        (offer->params.server_max_window_bits < 9 || offer->params.server_max_window_bits > 15)) {
        std::abort();
    }
    return 0;
}
