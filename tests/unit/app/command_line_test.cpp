#include "app/command_line.h"

#include <gtest/gtest.h>

namespace wsc::app {
namespace {

CommandLine parse(std::vector<const char*> args) {
    args.insert(args.begin(), "wscd");
    return parse_command_line(static_cast<int>(args.size()), args.data());
}

TEST(CommandLine, ConfigPrintConfigAndOverridesInOrder) {
    CommandLine cl = parse({"--config", "/etc/wsc.yaml", "--print-config", "--port", "9000",
                            "--set", "heartbeat.interval=10s", "--set", "wsc.ws.echo_path=/e"});
    EXPECT_EQ(cl.config_path, "/etc/wsc.yaml");
    EXPECT_TRUE(cl.print_config);
    EXPECT_FALSE(cl.exit_now);
    using Pair = std::pair<std::string, std::string>;
    EXPECT_EQ(cl.overrides,
              (std::vector<Pair>{
                  {"port", "9000"}, {"heartbeat.interval", "10s"}, {"wsc.ws.echo_path", "/e"}}));
}

TEST(CommandLine, HelpAndVersionExitWithText) {
    CommandLine help = parse({"--help"});
    EXPECT_TRUE(help.exit_now);
    EXPECT_NE(help.output.find("--config"), std::string::npos);
    EXPECT_NE(help.output.find("--set"), std::string::npos);
    CommandLine version = parse({"--version"});
    EXPECT_TRUE(version.exit_now);
    EXPECT_NE(version.output.find("wscd"), std::string::npos);
}

TEST(CommandLine, BadFlagsAreErrors) {
    EXPECT_THROW(parse({"--no-such-flag"}), CommandLineError);
    EXPECT_THROW(parse({"--set", "novalue"}), CommandLineError);
    EXPECT_THROW(parse({"--port"}), CommandLineError);
}

}  // namespace
}  // namespace wsc::app
