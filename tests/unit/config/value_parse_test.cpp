#include "config/value_parse.h"

#include <gtest/gtest.h>

namespace wsc::config {
namespace {

using namespace std::chrono_literals;

TEST(ParseDuration, UnitsCompoundsAndBareSeconds) {
    EXPECT_EQ(parse_duration("30s"), 30s);
    EXPECT_EQ(parse_duration("500ms"), 500ms);
    EXPECT_EQ(parse_duration("2m"), 2min);
    EXPECT_EQ(parse_duration("1h"), 1h);
    EXPECT_EQ(parse_duration("1m30s"), 90s);
    EXPECT_EQ(parse_duration("45"), 45s);
    EXPECT_EQ(parse_duration(" 10s "), 10s);
    for (const char* bad : {"", "30x", "s", "-5s", "1.5s", "10 s"}) {
        EXPECT_THROW(parse_duration(bad), std::invalid_argument) << bad;
    }
}

TEST(ParseDuration, FormatsBackExactly) {
    for (auto d : {0ms, 500ms, 1000ms, 90'000ms, 120'000ms, 3'600'000ms, 1500ms}) {
        EXPECT_EQ(parse_duration(format_duration(d)), d);
    }
    EXPECT_EQ(format_duration(90s), "90s");
    EXPECT_EQ(format_duration(2min), "2m");
}

TEST(ParseByteSize, BinaryAndDecimalUnits) {
    EXPECT_EQ(parse_byte_size("65536"), 65536u);
    EXPECT_EQ(parse_byte_size("64KiB"), 65536u);
    EXPECT_EQ(parse_byte_size("1MiB"), 1048576u);
    EXPECT_EQ(parse_byte_size("1MB"), 1000000u);
    EXPECT_EQ(parse_byte_size("2gib"), 2147483648u);
    EXPECT_EQ(parse_byte_size("512B"), 512u);
    for (const char* bad : {"", "MiB", "1XB", "-1", "1.5MiB"}) {
        EXPECT_THROW(parse_byte_size(bad), std::invalid_argument) << bad;
    }
}

TEST(ParseBool, AcceptsTheUsualSpellings) {
    EXPECT_TRUE(parse_bool("true"));
    EXPECT_TRUE(parse_bool("YES"));
    EXPECT_TRUE(parse_bool("on"));
    EXPECT_FALSE(parse_bool("0"));
    EXPECT_FALSE(parse_bool("False"));
    EXPECT_THROW(parse_bool("maybe"), std::invalid_argument);
}

}  // namespace
}  // namespace wsc::config
