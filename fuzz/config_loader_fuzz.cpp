// libFuzzer target: loading arbitrary YAML as a configuration file. Every outcome is Options
// or a config::Error; nothing else may escape.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include "config/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = "/tmp/wsc_config_fuzz_" + std::to_string(::getpid()) + ".yaml";
    {
        std::ofstream file(path, std::ios::binary | std::ios::trunc);
        file.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    wsc::config::LoadRequest request;
    request.config_path = path;
    request.environment = {{"NODE_ID", "n1"}};
    try {
        (void)wsc::config::load_options(request);
    } catch (const wsc::config::Error&) {
    }
    return 0;
}
