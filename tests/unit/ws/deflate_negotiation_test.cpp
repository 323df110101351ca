#include "ws/deflate_negotiation.h"

#include <gtest/gtest.h>

namespace wsc::ws {
namespace {

constexpr std::string_view base_response =
    "permessage-deflate; server_no_context_takeover; client_no_context_takeover";

TEST(DeflateNegotiation, PlainOfferGetsNoContextTakeoverBothWays) {
    auto offer = negotiate_permessage_deflate("permessage-deflate");
    ASSERT_TRUE(offer);
    EXPECT_TRUE(offer->params.enabled);
    EXPECT_EQ(offer->response, base_response);
}

TEST(DeflateNegotiation, ClientMaxWindowBitsWithOrWithoutValue) {
    EXPECT_TRUE(negotiate_permessage_deflate("permessage-deflate; client_max_window_bits"));
    auto offer = negotiate_permessage_deflate("permessage-deflate; client_max_window_bits=10");
    ASSERT_TRUE(offer);
    EXPECT_EQ(offer->params.client_max_window_bits, 10);
    EXPECT_EQ(offer->response, base_response);
}

TEST(DeflateNegotiation, ServerMaxWindowBitsIsHonouredFrom9To15) {
    for (int bits = 9; bits <= 15; ++bits) {
        auto offer = negotiate_permessage_deflate("permessage-deflate; server_max_window_bits=" +
                                                  std::to_string(bits));
        ASSERT_TRUE(offer) << bits;
        EXPECT_EQ(offer->params.server_max_window_bits, bits);
        EXPECT_EQ(offer->response,
                  std::string(base_response) + "; server_max_window_bits=" + std::to_string(bits));
    }
}

TEST(DeflateNegotiation, DeclinedOffersFallBackToTheNextOne) {
    // zlib cannot do an 8-bit window: decline, take the next offer.
    auto offer = negotiate_permessage_deflate(
        "permessage-deflate; server_max_window_bits=8, permessage-deflate");
    ASSERT_TRUE(offer);
    EXPECT_EQ(offer->params.server_max_window_bits, 15);
    EXPECT_FALSE(negotiate_permessage_deflate("permessage-deflate; server_max_window_bits=8"));
}

TEST(DeflateNegotiation, BadParametersDeclineTheOffer) {
    for (const char* header : {
             "permessage-deflate; unknown_param",
             "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
             "permessage-deflate; server_no_context_takeover=1",
             "permessage-deflate; server_max_window_bits",
             "permessage-deflate; server_max_window_bits=16",
             "permessage-deflate; server_max_window_bits=010",
             "permessage-deflate; client_max_window_bits=7",
             "permessage-deflate; client_max_window_bits=abc",
         }) {
        EXPECT_FALSE(negotiate_permessage_deflate(header)) << header;
    }
}

TEST(DeflateNegotiation, QuotedValuesOtherExtensionsAndGarbage) {
    auto quoted = negotiate_permessage_deflate("permessage-deflate; server_max_window_bits=\"12\"");
    ASSERT_TRUE(quoted);
    EXPECT_EQ(quoted->params.server_max_window_bits, 12);
    EXPECT_TRUE(negotiate_permessage_deflate("x-webkit-deflate-frame, permessage-deflate"));
    EXPECT_FALSE(negotiate_permessage_deflate("x-webkit-deflate-frame"));
    EXPECT_FALSE(negotiate_permessage_deflate(""));
    EXPECT_FALSE(negotiate_permessage_deflate("permessage-deflate; server_max_window_bits=\"12"));
    EXPECT_FALSE(negotiate_permessage_deflate(";;;,,,"));
}

}  // namespace
}  // namespace wsc::ws
