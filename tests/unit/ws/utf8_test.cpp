#include "ws/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace wsc::ws {
namespace {

std::span<const std::byte> bytes(const std::string& s) {
    return std::as_bytes(std::span(s.data(), s.size()));
}

bool valid(const std::string& s) {
    Utf8Validator v;
    return v.consume(bytes(s)) && v.is_complete();
}

/// Valid when fed whole, and the same answer when split at every byte.
bool valid_every_split(const std::string& s) {
    const bool whole = valid(s);
    for (std::size_t cut = 0; cut <= s.size(); ++cut) {
        Utf8Validator v;
        const bool ok = v.consume(bytes(s.substr(0, cut))) && v.consume(bytes(s.substr(cut))) &&
                        v.is_complete();
        EXPECT_EQ(ok, whole) << "split at " << cut;
    }
    return whole;
}

TEST(Utf8Validator, AcceptsWellFormedText) {
    EXPECT_TRUE(valid_every_split(""));
    EXPECT_TRUE(valid_every_split("Hello, world! 0123456789abcdefghijklmnopqrstuvwxyz"));
    EXPECT_TRUE(valid_every_split("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5"));  // κόσμε
    EXPECT_TRUE(valid_every_split("\xc2\x80"));                                      // U+0080
    EXPECT_TRUE(valid_every_split("\xe0\xa0\x80"));                                  // U+0800
    EXPECT_TRUE(valid_every_split("\xed\x9f\xbf"));                                  // U+D7FF
    EXPECT_TRUE(valid_every_split("\xee\x80\x80"));                                  // U+E000
    EXPECT_TRUE(valid_every_split("\xef\xbf\xbf"));                                  // U+FFFF
    EXPECT_TRUE(valid_every_split("\xf0\x90\x80\x80"));                              // U+10000
    EXPECT_TRUE(valid_every_split("\xf4\x8f\xbf\xbf"));                              // U+10FFFF
    EXPECT_TRUE(valid_every_split(std::string(1000, 'a') + "\xe2\x82\xac" + std::string(33, 'b')));
}

TEST(Utf8Validator, RejectsMalformedText) {
    EXPECT_FALSE(valid_every_split("\x80"));              // lone continuation
    EXPECT_FALSE(valid_every_split("\xc0\xaf"));          // overlong '/'
    EXPECT_FALSE(valid_every_split("\xc1\xbf"));          // overlong
    EXPECT_FALSE(valid_every_split("\xe0\x80\xaf"));      // overlong 3-byte
    EXPECT_FALSE(valid_every_split("\xf0\x80\x80\xaf"));  // overlong 4-byte
    EXPECT_FALSE(valid_every_split("\xed\xa0\x80"));      // surrogate U+D800
    EXPECT_FALSE(valid_every_split("\xed\xbf\xbf"));      // surrogate U+DFFF
    EXPECT_FALSE(valid_every_split("\xf4\x90\x80\x80"));  // U+110000
    EXPECT_FALSE(valid_every_split("\xf5\x80\x80\x80"));  // F5 lead
    EXPECT_FALSE(valid_every_split("\xff"));
    EXPECT_FALSE(valid_every_split("\xce"));  // truncated at the end
    EXPECT_FALSE(valid_every_split("\xe2\x82"));
    EXPECT_FALSE(valid_every_split(std::string(20, 'a') + "\xe2\x28\xa1"));
}

TEST(Utf8Validator, FailsAtTheFirstImpossibleByte) {
    Utf8Validator v;
    EXPECT_TRUE(v.consume(bytes("ok \xce")));  // could still complete
    EXPECT_FALSE(v.is_complete());
    EXPECT_FALSE(v.consume(bytes("\x41")));  // cannot
    EXPECT_FALSE(v.consume(bytes("more")));  // and stays failed
    v.reset();
    EXPECT_TRUE(v.consume(bytes("fine")));
    EXPECT_TRUE(v.is_complete());
}

}  // namespace
}  // namespace wsc::ws
