// libFuzzer target: the opening handshake checks and response, with header values cut from
// the input at NUL bytes (method, upgrade, connection, key, version, protocol, extensions).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ws/handshake.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::vector<std::string_view> fields;
    while (fields.size() < 7) {
        const std::size_t nul = text.find('\0');
        fields.push_back(text.substr(0, nul));
        if (nul == std::string_view::npos) {
            text = {};
        } else {
            text.remove_prefix(nul + 1);
        }
    }
    wsc::ws::HandshakeRequest request{fields[0], 11,        fields[1], fields[2],
                                      fields[3], fields[4], fields[5], fields[6]};
    static const std::string protocols[] = {"chat", "v2.chat"};
    auto accepted = wsc::ws::accept_handshake(request, {protocols, true});
    if (accepted) {
        volatile std::size_t n = wsc::ws::make_handshake_response(*accepted).size();
        (void)n;
    } else {
        volatile unsigned status = wsc::ws::http_status_for(accepted.error());
        (void)status;
    }
    return 0;
}
