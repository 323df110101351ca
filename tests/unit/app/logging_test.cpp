#include "app/logging.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <boost/json/parse.hpp>
#include <filesystem>
#include <fstream>

#include "app/json_log_formatter.h"
#include "app/rotating_file_sink.h"

namespace wsc::app {
namespace {

namespace fs = std::filesystem;

class LoggingTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir = fs::temp_directory_path() / ("wsc_logging_test_" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
    }
    void TearDown() override {
        spdlog::set_default_logger(spdlog::stdout_logger_mt("restored_" + std::to_string(++n)));
        fs::remove_all(dir);
    }
    static std::vector<std::string> lines_of(const fs::path& p) {
        std::ifstream in(p);
        std::vector<std::string> lines;
        for (std::string line; std::getline(in, line);) {
            lines.push_back(line);
        }
        return lines;
    }
    fs::path dir;
    static inline int n = 0;
};

TEST_F(LoggingTest, JsonLinesStayValidWithHostileMessages) {
    config::LogOptions options;
    options.format = "json";
    options.output = (dir / "wsc.log").string();
    setup_logging(options);
    spdlog::info("quote \" backslash \\ newline \n tab \t bell \x07 ünïcødé");
    spdlog::warn("second");
    spdlog::default_logger()->flush();
    auto lines = lines_of(dir / "wsc.log");
    ASSERT_EQ(lines.size(), 2u);
    auto first = boost::json::parse(lines[0]).as_object();
    EXPECT_EQ(first.at("msg").as_string(),
              "quote \" backslash \\ newline \n tab \t bell \x07 ünïcødé");
    EXPECT_EQ(first.at("level").as_string(), "info");
    EXPECT_EQ(first.at("logger").as_string(), "wsc");
    EXPECT_TRUE(first.at("ts").as_string().ends_with("Z"));
}

TEST_F(LoggingTest, LevelFiltersMessages) {
    config::LogOptions options;
    options.level = "warn";
    options.output = (dir / "wsc.log").string();
    setup_logging(options);
    spdlog::info("hidden");
    spdlog::error("shown");
    spdlog::default_logger()->flush();
    auto lines = lines_of(dir / "wsc.log");
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_NE(lines[0].find("[error] shown"), std::string::npos);
}

TEST_F(LoggingTest, RotatesBySizeKeepingMaxBackups) {
    RotationPolicy policy;
    policy.max_file_bytes = 1000;
    policy.max_backups = 2;
    auto sink = std::make_shared<RotatingFileSink>(dir / "wsc.log", policy);
    spdlog::logger logger("rot", sink);
    for (int i = 0; i < 100; ++i) {
        logger.info("line {} {}", i, std::string(50, 'x'));
    }
    logger.flush();
    EXPECT_TRUE(fs::exists(dir / "wsc.log"));
    EXPECT_TRUE(fs::exists(dir / "wsc.1.log"));
    EXPECT_TRUE(fs::exists(dir / "wsc.2.log"));
    EXPECT_FALSE(fs::exists(dir / "wsc.3.log"));
    EXPECT_LE(fs::file_size(dir / "wsc.log"), 1000u);
    // The newest lines are in the live file.
    EXPECT_NE(lines_of(dir / "wsc.log").back().find("line 99"), std::string::npos);
}

TEST_F(LoggingTest, CompressedBackupsAreValidGzip) {
    RotationPolicy policy;
    policy.max_file_bytes = 2000;
    policy.max_backups = 3;
    policy.compress = true;
    {
        auto sink = std::make_shared<RotatingFileSink>(dir / "wsc.log", policy);
        spdlog::logger logger("gz", sink);
        for (int i = 0; i < 60; ++i) {
            logger.info("entry {} {}", i, std::string(60, 'y'));
        }
    }  // the destructor waits for the compressor
    ASSERT_TRUE(fs::exists(dir / "wsc.1.log.gz"));
    EXPECT_FALSE(fs::exists(dir / "wsc.1.log"));
    gzFile in = gzopen((dir / "wsc.1.log.gz").c_str(), "rb");
    ASSERT_NE(in, nullptr);
    char buffer[4096];
    const int n = gzread(in, buffer, sizeof buffer);
    gzclose(in);
    ASSERT_GT(n, 0);
    EXPECT_NE(std::string(buffer, static_cast<std::size_t>(n)).find("entry"), std::string::npos);
}

TEST_F(LoggingTest, OldBackupsExpireByAge) {
    std::ofstream(dir / "wsc.1.log") << "old\n";
    fs::last_write_time(dir / "wsc.1.log",
                        fs::file_time_type::clock::now() - std::chrono::hours(24 * 40));
    RotationPolicy policy;
    policy.max_age = std::chrono::hours(24 * 30);
    RotatingFileSink sink(dir / "wsc.log", policy);
    EXPECT_FALSE(fs::exists(dir / "wsc.1.log"));
}

TEST_F(LoggingTest, UnwritableLogFileIsAClearError) {
    config::LogOptions options;
    options.output = "/proc/wsc-cannot-write/wsc.log";
    EXPECT_THROW(setup_logging(options), std::exception);
}

}  // namespace
}  // namespace wsc::app
