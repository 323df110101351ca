#include "app/command_line.h"

#include <CLI/CLI.hpp>

#include <sstream>

namespace wsc::app {

namespace {
constexpr const char* version_text = "wscd 0.1.0 (WSC WebSocket push gateway)\n";
}

CommandLine parse_command_line(int argc, const char* const* argv) {
    CommandLine result;
    CLI::App app{
        "wscd: a WSC WebSocket push gateway node.\n"
        "Settings: defaults < --config file < WSC_* environment < flags. "
        "See docs/configuration.md.",
        "wscd"};
    std::string config_path;
    std::vector<std::string> sets;
    bool show_version = false;
    app.add_option("-c,--config", config_path, "YAML configuration file (wsc: root)");
    app.add_flag("--print-config", result.print_config,
                 "print the effective configuration as YAML and exit");
    app.add_flag("--version", show_version, "print the version and exit");
    app.add_option("--set", sets, "override a setting: KEY=VALUE, e.g. heartbeat.interval=10s")
        ->take_all();

    // Shorthands for the keys people change most; each becomes an override in flag order.
    struct Shorthand {
        const char* flag;
        const char* key;
        const char* help;
    };
    static constexpr Shorthand shorthands[] = {
        {"--host", "host", "listen address"},
        {"--port", "port", "listen port (0 = any free port)"},
        {"--path", "path", "WebSocket endpoint path"},
        {"--workers", "workers", "worker threads (0 = one per core)"},
        {"--log-level", "log.level", "trace|debug|info|warn|error|critical|off"},
        {"--log-format", "log.format", "text|json"},
        {"--echo-path", "ws.echo_path", "enable the echo endpoint at this path"},
    };
    std::vector<std::string> shorthand_values(std::size(shorthands));
    for (std::size_t i = 0; i < std::size(shorthands); ++i) {
        app.add_option(shorthands[i].flag, shorthand_values[i], shorthands[i].help);
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        result.exit_now = true;
        result.output = app.help();
        return result;
    } catch (const CLI::ParseError& e) {
        throw CommandLineError(std::string(e.what()) + " (see wscd --help)");
    }
    if (show_version) {
        result.exit_now = true;
        result.output = version_text;
        return result;
    }
    if (!config_path.empty()) {
        result.config_path = config_path;
    }
    for (std::size_t i = 0; i < std::size(shorthands); ++i) {
        if (app.count(shorthands[i].flag) > 0) {
            result.overrides.emplace_back(shorthands[i].key, shorthand_values[i]);
        }
    }
    for (const std::string& set : sets) {
        const std::size_t eq = set.find('=');
        if (eq == std::string::npos || eq == 0) {
            throw CommandLineError("--set " + set + ": expected KEY=VALUE (see wscd --help)");
        }
        result.overrides.emplace_back(set.substr(0, eq), set.substr(eq + 1));
    }
    return result;
}

}  // namespace wsc::app
