#include "ws/message_reader.h"

#include <gtest/gtest.h>

#include "reader_harness.h"
#include "ws/deflate.h"

namespace wsc::ws {
namespace {

using test::feed_every_split;
using test::feed_whole;
using test::Recorded;
using wsc::test::client_close;
using wsc::test::client_frame;
using wsc::test::ClientFrameSpec;

ClientFrameSpec op(std::uint8_t opcode, bool fin = true) {
    return ClientFrameSpec{.opcode = opcode, .fin = fin};
}

TEST(MessageReader, TextAndBinaryAtEveryLengthEncoding) {
    for (std::size_t n : {0u, 1u, 125u, 126u, 127u, 65535u, 65536u, 70000u}) {
        std::string payload(n, 'x');
        auto text = feed_whole(client_frame(payload));
        ASSERT_FALSE(text.error) << n;
        ASSERT_EQ(text.events.size(), 1u);
        EXPECT_EQ(text.events[0], (Recorded{"text", payload, 0}));
        auto binary = feed_whole(client_frame(payload, op(0x2)));
        EXPECT_EQ(binary.events[0].kind, "binary");
    }
}

TEST(MessageReader, SplitAtEveryByteGivesTheSameMessages) {
    std::string wire = client_frame("hello") + client_frame(std::string(300, 'a')) +
                       client_frame("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5") +
                       client_frame("ping!", op(0x9));
    auto result = feed_every_split(wire);
    EXPECT_FALSE(result.error);
    ASSERT_EQ(result.events.size(), 4u);
    EXPECT_EQ(result.events[1].payload, std::string(300, 'a'));
    EXPECT_EQ(result.events[3], (Recorded{"ping", "ping!", 0}));
}

TEST(MessageReader, FragmentsWithInterleavedControlFrames) {
    std::string wire = client_frame("Hel", op(0x1, false)) + client_frame("p1", op(0x9)) +
                       client_frame("lo, ", op(0x0, false)) + client_frame("", op(0x0, false)) +
                       client_frame("p2", op(0xA)) + client_frame("world", op(0x0, true));
    auto result = feed_every_split(wire);
    EXPECT_FALSE(result.error);
    ASSERT_EQ(result.events.size(), 3u);
    EXPECT_EQ(result.events[0], (Recorded{"ping", "p1", 0}));
    EXPECT_EQ(result.events[1], (Recorded{"pong", "p2", 0}));
    EXPECT_EQ(result.events[2], (Recorded{"text", "Hello, world", 0}));
}

TEST(MessageReader, ReservedBitsAndOpcodesAreProtocolErrors) {
    EXPECT_EQ(feed_whole(client_frame("x", ClientFrameSpec{.rsv2 = true})).error,
              error::reserved_bits);
    EXPECT_EQ(feed_whole(client_frame("x", ClientFrameSpec{.rsv3 = true})).error,
              error::reserved_bits);
    EXPECT_EQ(feed_whole(client_frame("x", ClientFrameSpec{.rsv1 = true})).error,
              error::reserved_bits);  // no permessage-deflate negotiated
    for (std::uint8_t code : {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
        auto result = feed_every_split(client_frame("x", op(code)));
        EXPECT_EQ(result.error, error::reserved_opcode) << int(code);
        EXPECT_EQ(close_code_for(result.error), CloseCode::protocol_error);
    }
}

TEST(MessageReader, UnmaskedFrameFailsOnItsFirstTwoBytes) {
    std::string wire = client_frame(std::string(1000, 'a'), ClientFrameSpec{.masked = false});
    auto result = test::feed(wire.substr(0, 2), {});
    EXPECT_EQ(result.error, error::unmasked_frame);
}

TEST(MessageReader, ControlFrameRules) {
    EXPECT_EQ(feed_whole(client_frame(std::string(126, 'p'), op(0x9))).error,
              error::control_frame_too_big);
    EXPECT_EQ(feed_whole(client_frame("p", op(0x9, false))).error, error::fragmented_control_frame);
    auto ok = feed_every_split(client_frame(std::string(125, 'p'), op(0x9)));
    EXPECT_FALSE(ok.error);
    EXPECT_EQ(ok.events[0].payload.size(), 125u);
}

TEST(MessageReader, FragmentationRules) {
    EXPECT_EQ(feed_whole(client_frame("x", op(0x0))).error, error::unexpected_continuation);
    EXPECT_EQ(feed_whole(client_frame("a", op(0x1, false)) + client_frame("b", op(0x1))).error,
              error::expected_continuation);
}

TEST(MessageReader, LengthEncodingMustBeMinimalAndMsbClear) {
    std::string non_minimal = "\x81\xfe";
    non_minimal += std::string("\x00\x05", 2) + std::string("\x00\x00\x00\x00", 4) + "hello";
    EXPECT_EQ(feed_whole(non_minimal).error, error::non_minimal_length);
    std::string msb = "\x82\xff";
    msb += std::string("\x80\x00\x00\x00\x00\x00\x00\x01", 8) + std::string(4, '\0');
    EXPECT_EQ(feed_whole(msb).error, error::length_msb_set);
}

TEST(MessageReader, CloseFramePayloadValidation) {
    auto normal = feed_every_split(client_close(1000, "bye"));
    EXPECT_FALSE(normal.error);
    EXPECT_EQ(normal.events[0], (Recorded{"close", "bye", 1000}));
    auto empty = feed_whole(client_frame("", op(0x8)));
    EXPECT_EQ(empty.events[0].close_code, 1005);
    EXPECT_EQ(feed_whole(client_frame("a", op(0x8))).error, error::bad_close_payload);
    for (int code : {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535}) {
        EXPECT_EQ(feed_whole(client_close(static_cast<std::uint16_t>(code))).error,
                  error::invalid_close_code)
            << code;
    }
    for (int code :
         {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4999}) {
        EXPECT_FALSE(feed_whole(client_close(static_cast<std::uint16_t>(code))).error) << code;
    }
    auto bad_reason =
        feed_whole(client_close(1000, "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80"));
    EXPECT_EQ(bad_reason.error, error::invalid_utf8);
    EXPECT_EQ(close_code_for(bad_reason.error), CloseCode::invalid_payload);
}

TEST(MessageReader, InputAfterCloseIsIgnored) {
    auto result = feed_whole(client_close(1000) + client_frame("late"));
    EXPECT_FALSE(result.error);
    EXPECT_EQ(result.events.size(), 1u);
}

TEST(MessageReader, InvalidUtf8FailsFastInAFirstFragment) {
    // The message never ends; the bad byte in its first fragment is enough.
    auto result = feed_whole(client_frame("ok\xff", op(0x1, false)));
    EXPECT_EQ(result.error, error::invalid_utf8);
    // And within a frame whose payload has not fully arrived.
    std::string wire = client_frame(std::string("\xc0\xaf") + std::string(1000, 'a'));
    EXPECT_EQ(test::feed(wire.substr(0, 10), {}).error, error::invalid_utf8);
}

TEST(MessageReader, Utf8SplitAcrossFragmentsIsValid) {
    const std::string kappa = "\xce\xba";
    auto result = feed_every_split(client_frame(kappa.substr(0, 1), op(0x1, false)) +
                                   client_frame(kappa.substr(1), op(0x0)));
    EXPECT_FALSE(result.error);
    EXPECT_EQ(result.events[0].payload, kappa);
    auto truncated = feed_whole(client_frame(kappa.substr(0, 1)));
    EXPECT_EQ(truncated.error, error::invalid_utf8);
}

TEST(MessageReader, FrameAndMessageLimits) {
    Limits limits{100, 250};
    EXPECT_EQ(feed_whole(client_frame(std::string(101, 'a')), limits).error, error::frame_too_big);
    // Detected from the header alone, before the payload arrives.
    std::string big = client_frame(std::string(200, 'a'));
    EXPECT_EQ(test::feed(big.substr(0, 8), {}, limits).error, error::frame_too_big);
    std::string fragments = client_frame(std::string(100, 'a'), op(0x1, false)) +
                            client_frame(std::string(100, 'a'), op(0x0, false)) +
                            client_frame(std::string(100, 'a'), op(0x0, false));
    auto result = feed_whole(fragments, limits);
    EXPECT_EQ(result.error, error::message_too_big);
    EXPECT_EQ(close_code_for(result.error), CloseCode::message_too_big);
    EXPECT_FALSE(feed_whole(client_frame(std::string(100, 'a'), op(0x1, false)) +
                                client_frame(std::string(100, 'a'), op(0x0)),
                            limits)
                     .error);
}

TEST(MessageReader, WholeFramesAreDeliveredWithoutBuffering) {
    MessageReader reader;
    test::Recorder recorder;
    std::string wire = client_frame("in place");
    auto span = std::as_writable_bytes(std::span(wire.data(), wire.size()));
    struct PointerCheck : test::Recorder {
        const char* begin = nullptr;
        const char* end = nullptr;
        bool was_in_place = false;
        void on_message(Opcode op, std::span<const std::byte> p) {
            const char* d = reinterpret_cast<const char*>(p.data());
            was_in_place = d >= begin && d < end;
            Recorder::on_message(op, p);
        }
    } check;
    check.begin = wire.data();
    check.end = wire.data() + wire.size();
    EXPECT_FALSE(reader.consume(span, test::default_limits, nullptr, check));
    EXPECT_TRUE(check.was_in_place);
    EXPECT_FALSE(reader.in_message());
}

std::string compressed(std::string_view text) {
    Deflater deflater(6);
    std::vector<std::byte> out;
    EXPECT_FALSE(deflater.compress(std::as_bytes(std::span(text.data(), text.size())), out));
    return std::string(reinterpret_cast<const char*>(out.data()), out.size());
}

TEST(MessageReader, CompressedMessagesWholeAndFragmented) {
    Inflater inflater;
    const std::string text = std::string(2000, 'z') + " the end";
    const std::string data = compressed(text);
    auto whole = feed_every_split(client_frame(data, ClientFrameSpec{.rsv1 = true}),
                                  test::default_limits, &inflater);
    EXPECT_FALSE(whole.error);
    ASSERT_EQ(whole.events.size(), 1u);
    EXPECT_EQ(whole.events[0].payload, text);
    // RSV1 only on the first fragment (RFC 7692 §6.1).
    std::string fragmented =
        client_frame(data.substr(0, 5), ClientFrameSpec{.fin = false, .rsv1 = true}) +
        client_frame("", op(0x9)) + client_frame(data.substr(5), op(0x0));
    auto result = feed_every_split(fragmented, test::default_limits, &inflater);
    EXPECT_FALSE(result.error);
    ASSERT_EQ(result.events.size(), 2u);
    EXPECT_EQ(result.events[1].payload, text);
    EXPECT_EQ(feed_whole(client_frame("x", ClientFrameSpec{.opcode = 0x9, .rsv1 = true}),
                         test::default_limits, &inflater)
                  .error,
              error::compressed_control_frame);
}

TEST(MessageReader, CompressedEmptyMessageAndBadData) {
    Inflater inflater;
    auto empty = feed_whole(client_frame(compressed(""), ClientFrameSpec{.rsv1 = true}),
                            test::default_limits, &inflater);
    EXPECT_FALSE(empty.error);
    EXPECT_EQ(empty.events[0].payload, "");
    auto bad = feed_whole(client_frame("\xff\xff\xff\xff", ClientFrameSpec{.rsv1 = true}),
                          test::default_limits, &inflater);
    EXPECT_EQ(bad.error, error::inflate_failed);
    EXPECT_EQ(close_code_for(bad.error), CloseCode::invalid_payload);
}

TEST(MessageReader, CompressionBombIsStoppedAtTheMessageLimit) {
    Inflater inflater;
    const std::string bomb = compressed(std::string(10 << 20, 'a'));  // ~10 KiB on the wire
    auto result = feed_whole(client_frame(bomb, ClientFrameSpec{.opcode = 0x2, .rsv1 = true}),
                             Limits{1 << 20, 1 << 20}, &inflater);
    EXPECT_EQ(result.error, error::message_too_big);
    EXPECT_LE(inflater.scratch().capacity(), (1u << 20) + 64 * 1024);
}

TEST(MessageReader, CompressedTextIsUtf8Checked) {
    Inflater inflater;
    auto result = feed_whole(client_frame(compressed("abc\xff"), ClientFrameSpec{.rsv1 = true}),
                             test::default_limits, &inflater);
    EXPECT_EQ(result.error, error::invalid_utf8);
}

}  // namespace
}  // namespace wsc::ws
