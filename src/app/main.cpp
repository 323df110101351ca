// wscd: a WSC gateway node. A thin main around wsc::Server (include/wsc/server.h).
//
// Exit codes: 0 after a clean shutdown (or --help/--version/--print-config), 2 for bad flags
// or configuration (one line naming the key and file:line), 1 for start-up failures such as
// an address already in use.
#include <iostream>

#include "app/command_line.h"
#include "wsc/server.h"

int main(int argc, char** argv) {
    wsc::app::CommandLine command_line;
    try {
        command_line = wsc::app::parse_command_line(argc, argv);
    } catch (const wsc::app::CommandLineError& e) {
        std::cerr << "wscd: " << e.what() << '\n';
        return 2;
    }
    if (command_line.exit_now) {
        std::cout << command_line.output;
        return 0;
    }
    wsc::ServerConfig config;
    config.config_file = command_line.config_path;
    config.settings = command_line.overrides;
    config.configure_logging = !command_line.print_config;
    try {
        wsc::Server server(config);
        if (command_line.print_config) {
            std::cout << server.effective_config();
            return 0;
        }
        server.run_until_signal();
        return 0;
    } catch (const wsc::ConfigError& e) {
        std::cerr << "wscd: configuration error: " << e.what() << '\n';
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "wscd: " << e.what() << '\n';
        return 1;
    }
}
