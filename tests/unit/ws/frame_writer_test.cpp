#include "ws/frame_writer.h"

#include <gtest/gtest.h>

#include "support/client_frames.h"

namespace wsc::ws {
namespace {

std::string text_of(const base::SharedBytes& b) {
    return std::string(reinterpret_cast<const char*>(b.bytes().data()), b.size());
}

TEST(FrameWriter, UsesTheShortestLengthEncoding) {
    for (std::size_t n : {0u, 125u, 126u, 65535u, 65536u}) {
        auto frame = make_frame(Opcode::binary, std::string(n, 'b'));
        auto parsed = wsc::test::parse_server_frame(text_of(frame));
        ASSERT_TRUE(parsed) << n;
        EXPECT_EQ(parsed->payload.size(), n);
        EXPECT_EQ(parsed->opcode, 0x2);
        EXPECT_TRUE(parsed->fin);
        const std::size_t header = n < 126 ? 2 : n <= 65535 ? 4 : 10;
        EXPECT_EQ(frame.size(), header + n);
    }
}

TEST(FrameWriter, Rsv1MarksCompressedFrames) {
    auto frame = make_frame(Opcode::text, std::as_bytes(std::span("x", 1)), true);
    EXPECT_EQ(static_cast<unsigned>(frame.bytes()[0]), 0xC1u);
}

TEST(FrameWriter, CloseFrameCarriesCodeAndUtf8SafeReason) {
    auto frame =
        wsc::test::parse_server_frame(text_of(make_close_frame(CloseCode::going_away, "bye")));
    ASSERT_TRUE(frame);
    EXPECT_EQ(frame->opcode, 0x8);
    EXPECT_EQ(frame->close_code(), 1001);
    EXPECT_EQ(frame->payload.substr(2), "bye");
    // 122 ASCII bytes then a 2-byte character straddling the 123-byte cut: it is dropped whole.
    std::string reason = std::string(122, 'r') + "\xce\xba" + "tail";
    auto cut = wsc::test::parse_server_frame(text_of(make_close_frame(CloseCode::normal, reason)));
    EXPECT_EQ(cut->payload.size(), 2u + 122u);
    EXPECT_EQ(wsc::test::parse_server_frame(text_of(make_close_frame(CloseCode::no_status, "x")))
                  ->payload,
              "");
}

}  // namespace
}  // namespace wsc::ws
