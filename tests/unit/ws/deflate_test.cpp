#include "ws/deflate.h"

#include <gtest/gtest.h>

#include <zlib.h>

#include <random>

#include "support/client_frames.h"
#include "ws/error.h"

namespace wsc::ws {
namespace {

std::span<const std::byte> bytes(const std::string& s) {
    return std::as_bytes(std::span(s.data(), s.size()));
}
std::string text(const std::vector<std::byte>& v) {
    return std::string(reinterpret_cast<const char*>(v.data()), v.size());
}

std::string json_like(std::size_t n) {
    std::string out;
    while (out.size() < n) {
        out += R"({"type":"notification","data":{"title":"New order","id":12345}},)";
    }
    out.resize(n);
    return out;
}

TEST(Deflate, RoundTripsAtEveryWindowSize) {
    Inflater inflater;
    Deflater deflater(1);
    for (int bits = 9; bits <= 15; ++bits) {
        for (std::size_t n : {0u, 1u, 100u, 5000u, 100000u}) {
            const std::string input = json_like(n);
            std::vector<std::byte> compressed, restored;
            ASSERT_FALSE(deflater.compress(bytes(input), compressed, bits));
            ASSERT_FALSE(inflater.inflate(compressed, 1 << 20, restored));
            EXPECT_EQ(text(restored), input) << bits << " " << n;
        }
    }
}

TEST(Deflate, MessagesAreIndependent) {
    // No context takeover: each output inflates on its own, in any order.
    Deflater deflater(6);
    const std::string a = json_like(3000), b = json_like(2999);
    std::vector<std::byte> ca, cb, ra, rb;
    deflater.compress(bytes(a), ca);
    deflater.compress(bytes(b), cb);
    Inflater inflater;
    ASSERT_FALSE(inflater.inflate(cb, 1 << 20, rb));
    ASSERT_FALSE(inflater.inflate(ca, 1 << 20, ra));
    EXPECT_EQ(text(ra), a);
    EXPECT_EQ(text(rb), b);
}

TEST(Deflate, TrailingSyncMarkerIsStripped) {
    Deflater deflater(1);
    std::vector<std::byte> out;
    deflater.compress(bytes(std::string("hello")), out);
    ASSERT_GE(out.size(), 4u);
    EXPECT_NE(text(out).substr(out.size() - 4), std::string("\x00\x00\xff\xff", 4));
    std::vector<std::byte> empty;
    deflater.compress(bytes(std::string()), empty);
    EXPECT_EQ(text(empty), std::string("\x00", 1));  // RFC 7692 §7.2.3.6
}

TEST(Deflate, CompressFrameSetsRsv1) {
    Deflater deflater(1);
    auto frame = deflater.compress_frame(Opcode::text, bytes(json_like(2000)));
    auto parsed = wsc::test::parse_server_frame(
        std::string(reinterpret_cast<const char*>(frame.bytes().data()), frame.size()));
    ASSERT_TRUE(parsed);
    EXPECT_TRUE(parsed->rsv1);
    EXPECT_LT(parsed->payload.size(), 2000u);
}

TEST(Inflate, RejectsCorruptAndOversizedInput) {
    Inflater inflater;
    std::vector<std::byte> out;
    EXPECT_EQ(inflater.inflate(bytes(std::string("\xff\xfe\xfd")), 1000, out),
              error::inflate_failed);
    EXPECT_TRUE(out.empty());
    Deflater deflater(9);
    std::vector<std::byte> bomb;
    deflater.compress(bytes(std::string(5'000'000, 'x')), bomb);
    EXPECT_LT(bomb.size(), 10'000u);
    EXPECT_EQ(inflater.inflate(bomb, 64 * 1024, out), error::message_too_big);
    EXPECT_TRUE(out.empty());
    EXPECT_LE(out.capacity(), 64u * 1024 + 1);
    // The inflater is usable again afterwards.
    std::vector<std::byte> small, restored;
    deflater.compress(bytes(std::string("again")), small);
    EXPECT_FALSE(inflater.inflate(small, 100, restored));
    EXPECT_EQ(text(restored), "again");
}

TEST(Inflate, AcceptsAFinalBlockFromTheClient) {
    // Some clients end a message with BFINAL set (RFC 7692 §7.2.3.3 allows it).
    z_stream z{};
    ASSERT_EQ(deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
    std::string input = "final block";
    std::string out(256, '\0');
    z.next_in = reinterpret_cast<Bytef*>(input.data());
    z.avail_in = static_cast<uInt>(input.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    ASSERT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
    out.resize(out.size() - z.avail_out);
    deflateEnd(&z);
    Inflater inflater;
    std::vector<std::byte> restored;
    ASSERT_FALSE(inflater.inflate(bytes(out), 100, restored));
    EXPECT_EQ(text(restored), input);
}

}  // namespace
}  // namespace wsc::ws
