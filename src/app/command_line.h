#pragma once
/// wscd's command line (CLI11): `--config FILE`, `--print-config`, `--set KEY=VALUE` and
/// shorthands for the most used keys, which become configuration overrides.

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace wsc::app {

/// A bad flag or argument; what() carries the message and a hint to --help.
class CommandLineError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct CommandLine {
    std::optional<std::string> config_path;
    bool print_config = false;
    /// ("heartbeat.interval", "10s") pairs from --set and the shorthand flags, in order.
    std::vector<std::pair<std::string, std::string>> overrides;
    /// --help or --version: print `output` and exit 0 without starting.
    bool exit_now = false;
    std::string output;
};

/// Parses argv. Throws CommandLineError.
CommandLine parse_command_line(int argc, const char* const* argv);

}  // namespace wsc::app
