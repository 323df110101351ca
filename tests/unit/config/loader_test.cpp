#include "config/loader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/schema.h"

namespace wsc::config {
namespace {

using namespace std::chrono_literals;

class LoaderTest : public ::testing::Test {
protected:
    std::string write(const std::string& yaml) {
        path = std::filesystem::temp_directory_path() /
               ("wsc_loader_test_" + std::to_string(::getpid()) + ".yaml");
        std::ofstream(path) << yaml;
        return path.string();
    }
    void TearDown() override { std::filesystem::remove(path); }
    /// The message of the config::Error `request` raises ("" if none).
    static std::string error_of(const LoadRequest& request) {
        try {
            load_options(request);
        } catch (const Error& e) {
            return e.what();
        }
        return "";
    }
    std::filesystem::path path;
};

TEST_F(LoaderTest, DefaultsWithoutAFile) {
    Options o = load_options({});
    EXPECT_EQ(o.port, 8081);
    EXPECT_EQ(o.path, "/ws");
    EXPECT_EQ(o.heartbeat.interval, 30s);
    EXPECT_EQ(o.heartbeat.timeout, 90s);
    EXPECT_EQ(o.limits.max_message_size, 1048576u);
}

TEST_F(LoaderTest, FileValuesNestedSectionsListsMapsAndVariables) {
    LoadRequest request;
    request.config_path = write(R"(wsc:
  port: 9001
  heartbeat:
    interval: 10s
    timeout: 45s
  limits:
    max_message_size: 64KiB
  ws:
    subprotocols: [chat, "superchat"]
    echo_path: /echo
  metrics:
    labels:
      node: "${NODE_ID}"
      region: ${REGION:-us-west}
)");
    request.environment = {{"NODE_ID", "n7"}};
    Options o = load_options(request);
    EXPECT_EQ(o.port, 9001);
    EXPECT_EQ(o.heartbeat.interval, 10s);
    EXPECT_EQ(o.limits.max_message_size, 65536u);
    EXPECT_EQ(o.ws.subprotocols, (std::vector<std::string>{"chat", "superchat"}));
    EXPECT_EQ(o.ws.echo_path, "/echo");
    EXPECT_EQ(o.metrics.labels.at("node"), "n7");
    EXPECT_EQ(o.metrics.labels.at("region"), "us-west");
}

TEST_F(LoaderTest, ErrorsNameTheKeyAndTheLine) {
    LoadRequest request;
    request.config_path = write("wsc:\n  port: 8081\n  heartbeet:\n    interval: 1s\n");
    EXPECT_EQ(error_of(request), path.string() + ":3: unknown key wsc.heartbeet");

    request.config_path = write("wsc:\n  heartbeat:\n    interval: 30x\n");
    EXPECT_EQ(error_of(request),
              path.string() +
                  ":3: wsc.heartbeat.interval: invalid duration \"30x\" (expected "
                  "e.g. 30s, 500ms, 2m, 1h)");

    request.config_path = write("wsc:\n  port: 70000\n");
    EXPECT_NE(error_of(request).find(":2: wsc.port: number too large"), std::string::npos);

    request.config_path = write("wsc:\n  metrics:\n    labels:\n      node: ${MISSING}\n");
    EXPECT_NE(error_of(request).find(":4: wsc.metrics.labels: environment variable MISSING"),
              std::string::npos);

    request.config_path = write("server:\n  port: 1\n");
    EXPECT_NE(error_of(request).find("\"wsc:\" mapping"), std::string::npos);

    request.config_path = write("wsc:\n  port: [1\n");
    EXPECT_NE(error_of(request).find("invalid YAML"), std::string::npos);

    request.config_path = "/nonexistent/wsc.yaml";
    EXPECT_NE(error_of(request).find("cannot read"), std::string::npos);
}

TEST_F(LoaderTest, ValidationNamesTheKey) {
    auto error_with = [](std::string key, std::string value) {
        LoadRequest request;
        request.overrides = {{std::move(key), std::move(value)}};
        return error_of(request);
    };
    EXPECT_NE(error_with("heartbeat.timeout", "10s").find("wsc.heartbeat.timeout"),
              std::string::npos);
    EXPECT_NE(error_with("compression.level", "0").find("wsc.compression.level"),
              std::string::npos);
    EXPECT_NE(error_with("path", "ws").find("wsc.path: must start with /"), std::string::npos);
    EXPECT_NE(error_with("host", "localhost:80").find("wsc.host"), std::string::npos);
    EXPECT_NE(error_with("log.level", "loud").find("wsc.log.level"), std::string::npos);
    EXPECT_NE(error_with("ws.echo_path", "/ws").find("must differ"), std::string::npos);
    EXPECT_NE(error_with("nonsense", "1").find("unknown key nonsense"), std::string::npos);
}

TEST_F(LoaderTest, PrecedenceFileThenEnvironmentThenCommandLine) {
    LoadRequest request;
    request.config_path = write("wsc:\n  port: 1000\n  workers: 3\n  path: /file\n");
    request.environment = {
        {"WSC_PORT", "2000"}, {"WSC_WORKERS", "5"}, {"WSC_LIMITS_MAX_FRAME_SIZE", "1KiB"}};
    request.overrides = {{"wsc.port", "3000"}};
    Options o = load_options(request);
    EXPECT_EQ(o.port, 3000);
    EXPECT_EQ(o.workers, 5u);
    EXPECT_EQ(o.path, "/file");
    EXPECT_EQ(o.limits.max_frame_size, 1024u);
}

TEST_F(LoaderTest, EnvironmentErrorsAndWscConfig) {
    LoadRequest request;
    request.environment = {{"WSC_HEARTBEAT_INTERVL", "1s"}};
    EXPECT_NE(error_of(request).find("WSC_HEARTBEAT_INTERVL: no such setting"), std::string::npos);
    request.environment = {{"WSC_PORT", "abc"}};
    EXPECT_NE(error_of(request).find("WSC_PORT (wsc.port)"), std::string::npos);
    request.environment = {{"WSC_CONFIG", write("wsc:\n  port: 4321\n")}};
    EXPECT_EQ(load_options(request).port, 4321);
}

TEST_F(LoaderTest, PrintedConfigLoadsBackToTheSameOptions) {
    LoadRequest request;
    request.overrides = {{"ws.subprotocols", "a,b"},
                         {"metrics.labels", "x=1,y=2"},
                         {"heartbeat.interval", "1500ms"},
                         {"ws.echo_path", "/echo"}};
    Options original = load_options(request);
    LoadRequest again;
    again.config_path = write(to_yaml(original));
    Options reloaded = load_options(again);
    for (const KeyInfo& key : schema()) {
        EXPECT_EQ(value_text(reloaded, key), value_text(original, key)) << key.path;
    }
}

TEST_F(LoaderTest, ExampleConfigFileLoadsToTheDefaults) {
    LoadRequest request;
    request.config_path = std::string(WSC_SOURCE_DIR) + "/config/wsc.yaml";
    Options example = load_options(request);
    Options defaults;
    for (const KeyInfo& key : schema()) {
        EXPECT_EQ(value_text(example, key), value_text(defaults, key)) << key.path;
    }
}

TEST_F(LoaderTest, EveryKeyIsDocumented) {
    std::ifstream file(std::string(WSC_SOURCE_DIR) + "/docs/configuration.md");
    std::stringstream text;
    text << file.rdbuf();
    const std::string doc = text.str();
    ASSERT_FALSE(doc.empty());
    for (const KeyInfo& key : schema()) {
        EXPECT_NE(doc.find("`" + std::string(key.path) + "`"), std::string::npos) << key.path;
        EXPECT_NE(doc.find(environment_name(key)), std::string::npos) << environment_name(key);
    }
}

}  // namespace
}  // namespace wsc::config
