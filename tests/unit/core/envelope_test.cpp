#include "core/envelope.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace wsc::core {
namespace {

TEST(Envelope, EscapesStringsAndKeepsDataVerbatim) {
    const std::string text = make_envelope({.type = "say \"hi\"",
                                            .data_json = R"({"n":[1,2.5,null],"s":"é"})",
                                            .id = "id-1",
                                            .from = "",
                                            .ts_ms = 1700000000000});
    EXPECT_NE(text.find(R"("data":{"n":[1,2.5,null],"s":"é"})"), std::string::npos);
    auto value = boost::json::parse(text).as_object();
    EXPECT_EQ(value.at("type").as_string(), "say \"hi\"");
    EXPECT_EQ(value.at("id").as_string(), "id-1");
    EXPECT_EQ(value.at("ts").as_int64(), 1700000000000);
    EXPECT_FALSE(value.contains("from"));
}

}  // namespace
}  // namespace wsc::core
