#include "ws/mask.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace wsc::ws {
namespace {

std::string reference_mask(std::string data, const unsigned char key[4], std::size_t offset) {
    for (std::size_t i = 0; i < data.size(); ++i) {
        data[i] = static_cast<char>(data[i] ^ key[(offset + i) % 4]);
    }
    return data;
}

TEST(Mask, MatchesByteByByteDefinitionAtEveryLengthAndOffset) {
    const unsigned char key_bytes[4] = {0x37, 0xfa, 0x21, 0x3d};
    std::uint32_t key;
    std::memcpy(&key, key_bytes, 4);
    for (std::size_t length : {0u, 1u, 3u, 7u, 8u, 9u, 15u, 16u, 17u, 100u, 1000u}) {
        for (std::size_t offset = 0; offset < 8; ++offset) {
            std::string data(length, '\0');
            for (std::size_t i = 0; i < length; ++i) {
                data[i] = static_cast<char>(i * 7 + 1);
            }
            std::string expected = reference_mask(data, key_bytes, offset);
            unmask(std::as_writable_bytes(std::span(data.data(), data.size())), key, offset);
            EXPECT_EQ(data, expected) << length << " at offset " << offset;
        }
    }
}

TEST(Mask, SplitPayloadContinuesTheKey) {
    const unsigned char key_bytes[4] = {1, 2, 3, 4};
    std::uint32_t key;
    std::memcpy(&key, key_bytes, 4);
    std::string whole = "The quick brown fox";
    std::string expected = reference_mask(whole, key_bytes, 0);
    std::string a = whole.substr(0, 5), b = whole.substr(5);
    unmask(std::as_writable_bytes(std::span(a.data(), a.size())), key, 0);
    unmask(std::as_writable_bytes(std::span(b.data(), b.size())), key, 5);
    EXPECT_EQ(a + b, expected);
}

}  // namespace
}  // namespace wsc::ws
