"""Autobahn-style conformance catalogue (RFC 6455 + RFC 7692) against wscd's echo endpoint.

Sections follow the Autobahn testsuite's numbering: 1 framing, 2 pings/pongs, 3 reserved bits,
4 opcodes, 5 fragmentation, 6 UTF-8, 7 close handling, 9 limits, 12/13 permessage-deflate.
The bar for every case: the exact close code and strict behaviour (the right frames, nothing
extra, and the server closing TCP after the close handshake).
"""
import os
import struct
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from rawws import (OP_BINARY, OP_CLOSE, OP_CONT, OP_PING, OP_PONG, OP_TEXT, RawClient,  # noqa
                   deflate_message, encode_frame)
from wscd import Wscd  # noqa: E402

SERVER = None
CLOSE_TIMEOUT_S = 1.0


def setUpModule():
    global SERVER
    SERVER = Wscd({"ws.echo_path": "/echo", "log.level": "info", "compression.min_size": "0",
                   "ws.close_timeout": "1s", "workers": "2"}).start()


def tearDownModule():
    SERVER.stop()


class Case(unittest.TestCase):
    def client(self, **kw):
        c = RawClient(SERVER.port, "/echo", **kw)
        self.addCleanup(c.close)
        return c

    def assert_echo(self, c, opcode, payload, **send_kw):
        c.send(opcode, payload, **send_kw)
        got_op, got = c.recv_message()
        self.assertEqual(got_op, opcode)
        self.assertEqual(got, payload if isinstance(payload, bytes) else payload.encode())

    def assert_fails(self, c, code):
        """The server sends close `code`, then closes TCP within the close timeout."""
        started = time.monotonic()
        self.assertEqual(c.expect_close(), code)
        self.assertTrue(c.wait_tcp_close(CLOSE_TIMEOUT_S + 1.0), "TCP not closed in time")
        self.assertLess(time.monotonic() - started, CLOSE_TIMEOUT_S + 1.5)

    def assert_clean_close(self, c, code=1000, reason=b""):
        c.send_close(code, reason)
        f = c.recv_frame()
        self.assertEqual(f.opcode, OP_CLOSE)
        self.assertEqual(f.close_code, code)
        self.assertTrue(c.wait_tcp_close(2.0), "server must close TCP after the handshake")


class Section1Framing(Case):
    SIZES = [0, 1, 125, 126, 127, 128, 65535, 65536]

    def test_1_1_text_lengths(self):
        c = self.client()
        for n in self.SIZES:
            self.assert_echo(c, OP_TEXT, b"*" * n)
        self.assert_clean_close(c)

    def test_1_2_binary_lengths(self):
        c = self.client()
        for n in self.SIZES:
            self.assert_echo(c, OP_BINARY, bytes(i % 256 for i in range(n)))
        self.assert_clean_close(c)

    def test_1_chopped_writes(self):
        c = self.client()
        self.assert_echo(c, OP_TEXT, b"chopped" * 9, chop=1)
        self.assert_echo(c, OP_BINARY, b"\xfe" * 65536, chop=997)
        self.assert_clean_close(c)


class Section2PingPong(Case):
    def test_2_1_to_2_4_ping_payloads_answered(self):
        c = self.client()
        for payload in [b"", b"Hello, world!", b"\x00\xff\xfe\xfd\xfc\xfb\x00\xff", b"*" * 125]:
            c.send(OP_PING, payload)
            f = c.recv_frame()
            self.assertEqual((f.opcode, f.payload), (OP_PONG, payload))

    def test_2_5_ping_over_125_bytes_fails(self):
        c = self.client()
        c.send(OP_PING, b"*" * 126)
        self.assert_fails(c, 1002)

    def test_2_6_chopped_ping(self):
        c = self.client()
        c.send(OP_PING, b"*" * 125, chop=1)
        f = c.recv_frame()
        self.assertEqual((f.opcode, len(f.payload)), (OP_PONG, 125))

    def test_2_7_unsolicited_pong_is_ignored(self):
        c = self.client()
        c.send(OP_PONG, b"unsolicited")
        self.assert_echo(c, OP_TEXT, "after pong")
        self.assert_clean_close(c)

    def test_2_10_many_pings_all_answered_in_order(self):
        c = self.client()
        for i in range(10):
            c.send(OP_PING, f"ping {i}".encode())
        for i in range(10):
            f = c.recv_frame()
            self.assertEqual((f.opcode, f.payload), (OP_PONG, f"ping {i}".encode()))


class Section3ReservedBits(Case):
    def test_3_reserved_bits_fail(self):
        for kw in [{"rsv1": True}, {"rsv2": True}, {"rsv3": True},
                   {"rsv1": True, "rsv2": True, "rsv3": True}]:
            for opcode in (OP_TEXT, OP_BINARY, OP_PING):
                with self.subTest(kw=kw, opcode=opcode):
                    c = self.client()  # no permessage-deflate: RSV1 is reserved too
                    c.send(opcode, b"x", **kw)
                    self.assert_fails(c, 1002)

    def test_3_reserved_bits_after_valid_message(self):
        c = self.client()
        self.assert_echo(c, OP_TEXT, "ok")
        c.send(OP_TEXT, b"bad", rsv2=True)
        self.assert_fails(c, 1002)


class Section4Opcodes(Case):
    def test_4_reserved_opcodes_fail(self):
        for opcode in (3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF):
            with self.subTest(opcode=opcode):
                c = self.client()
                c.send(opcode, b"reserved")
                self.assert_fails(c, 1002)

    def test_4_reserved_opcode_after_echo(self):
        c = self.client()
        self.assert_echo(c, OP_BINARY, b"\x01\x02")
        c.send(0xB, b"")
        self.assert_fails(c, 1002)


class Section5Fragmentation(Case):
    def test_5_fragmented_text_and_binary(self):
        c = self.client()
        for opcode in (OP_TEXT, OP_BINARY):
            c.send(opcode, b"frag", fin=False)
            c.send(OP_CONT, b"ment", fin=False)
            c.send(OP_CONT, b"", fin=False)
            c.send(OP_CONT, b"ed", fin=True)
            self.assertEqual(c.recv_message(), (opcode, b"fragmented"))
        self.assert_clean_close(c)

    def test_5_many_one_byte_fragments(self):
        c = self.client()
        text = b"x" * 200
        c.send(OP_TEXT, text[:1], fin=False)
        for ch in text[1:-1]:
            c.send(OP_CONT, bytes([ch]), fin=False)
        c.send(OP_CONT, text[-1:], fin=True)
        self.assertEqual(c.recv_message(), (OP_TEXT, text))

    def test_5_ping_between_fragments_is_answered_first(self):
        c = self.client()
        c.send(OP_TEXT, b"fragment1", fin=False)
        c.send(OP_PING, b"interleaved")
        f = c.recv_frame()
        self.assertEqual((f.opcode, f.payload), (OP_PONG, b"interleaved"))
        c.send(OP_CONT, b"fragment2", fin=True)
        self.assertEqual(c.recv_message(), (OP_TEXT, b"fragment1fragment2"))

    def test_5_continuation_without_start_fails(self):
        for fin in (True, False):
            c = self.client()
            c.send(OP_CONT, b"orphan", fin=fin)
            self.assert_fails(c, 1002)

    def test_5_new_message_while_fragmented_fails(self):
        c = self.client()
        c.send(OP_TEXT, b"first", fin=False)
        c.send(OP_TEXT, b"second", fin=True)
        self.assert_fails(c, 1002)

    def test_5_fragmented_control_frames_fail(self):
        for opcode in (OP_PING, OP_PONG, OP_CLOSE):
            with self.subTest(opcode=opcode):
                c = self.client()
                c.send(opcode, b"", fin=False)
                self.assert_fails(c, 1002)


class Section6Utf8(Case):
    VALID = ["κόσμε", "\u0080\u07ff\u0800\uffff\U00010000\U0010ffff", "\ud7ff\ue000", "a" * 1000]
    INVALID = [b"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80edited",  # surrogate
               b"\xc0\xaf", b"\xe0\x80\xaf", b"\xf0\x80\x80\xaf",  # overlongs
               b"\xf4\x90\x80\x80", b"\xf5\x80\x80\x80", b"\xff", b"\x80", b"\xce",
               b"\xed\xbf\xbf"]

    def test_6_valid_text_echoed_whole_fragmented_and_chopped(self):
        c = self.client()
        for text in self.VALID:
            data = text.encode()
            self.assert_echo(c, OP_TEXT, data)
            self.assert_echo(c, OP_TEXT, data, chop=1)
            c.send(OP_TEXT, data[:1], fin=False)  # split inside a character
            c.send(OP_CONT, data[1:], fin=True)
            self.assertEqual(c.recv_message(), (OP_TEXT, data))

    def test_6_invalid_text_fails_with_1007(self):
        for data in self.INVALID:
            with self.subTest(data=data):
                c = self.client()
                c.send(OP_TEXT, data)
                self.assert_fails(c, 1007)

    def test_6_invalid_in_a_later_fragment(self):
        c = self.client()
        c.send(OP_TEXT, "valid κόσμε".encode(), fin=False)
        c.send(OP_CONT, b"\xed\xa0\x80", fin=True)
        self.assert_fails(c, 1007)

    def test_6_fail_fast_in_first_fragment_of_an_unfinished_message(self):
        c = self.client()
        c.send(OP_TEXT, b"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xf4\x90\x80\x80", fin=False)
        self.assert_fails(c, 1007)  # no further fragment ever comes

    def test_6_fail_fast_mid_frame(self):
        c = self.client()
        frame = encode_frame(OP_TEXT, b"\xc0\xaf" + b"a" * 5000)
        c.send_raw(frame[:20])  # the rest of the payload never arrives
        self.assert_fails(c, 1007)


class Section7Close(Case):
    VALID_CODES = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999]
    INVALID_CODES = [0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535]

    def test_7_close_codes_echoed(self):
        for code in self.VALID_CODES:
            with self.subTest(code=code):
                self.assert_clean_close(self.client(), code, b"reason")

    def test_7_empty_close_answered_with_empty_close(self):
        c = self.client()
        c.send_close(None)
        f = c.recv_frame()
        self.assertEqual((f.opcode, f.payload), (OP_CLOSE, b""))
        self.assertTrue(c.wait_tcp_close(2.0))

    def test_7_invalid_codes_fail(self):
        for code in self.INVALID_CODES:
            with self.subTest(code=code):
                c = self.client()
                c.send_close(code)
                self.assert_fails(c, 1002)

    def test_7_one_byte_close_payload_fails(self):
        c = self.client()
        c.send(OP_CLOSE, b"\x03")
        self.assert_fails(c, 1002)

    def test_7_close_reason_must_be_utf8(self):
        c = self.client()
        c.send_close(1000, b"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80")
        self.assert_fails(c, 1007)

    def test_7_max_reason_length(self):
        self.assert_clean_close(self.client(), 1000, b"r" * 123)

    def test_7_data_after_close_is_ignored(self):
        c = self.client()
        c.send_close(1000)
        c.send(OP_TEXT, b"too late")
        c.send(OP_PING, b"too late")
        f = c.recv_frame()
        self.assertEqual(f.close_code, 1000)
        self.assertTrue(c.wait_tcp_close(2.0))  # no echo, no pong


class Section9Limits(Case):
    def test_9_large_messages_echoed(self):
        c = self.client()
        for n in (256 * 1024, 1024 * 1024):
            self.assert_echo(c, OP_BINARY, os.urandom(n))
            self.assert_echo(c, OP_TEXT, b"t" * n)

    def test_9_frame_over_the_limit_fails_with_1009(self):
        c = self.client()
        c.send_raw(encode_frame(OP_BINARY, b"", length_override=1024 * 1024 + 1)[:14])
        self.assert_fails(c, 1009)

    def test_9_fragmented_message_over_the_limit_fails_with_1009(self):
        c = self.client()
        c.send(OP_BINARY, b"x" * 600_000, fin=False)
        c.send(OP_CONT, b"x" * 600_000, fin=False)
        self.assert_fails(c, 1009)

    def test_9_unmasked_frame_fails(self):
        c = self.client()
        c.send(OP_TEXT, b"not masked", mask=False)
        self.assert_fails(c, 1002)

    def test_9_non_minimal_length_fails(self):
        c = self.client()
        key = b"\x00\x00\x00\x00"
        c.send_raw(b"\x81\xfe\x00\x05" + key + b"hello")
        self.assert_fails(c, 1002)


class Section12And13Deflate(Case):
    OFFERS = [
        ("permessage-deflate", 15),
        ("permessage-deflate; client_max_window_bits", 15),
        ("permessage-deflate; client_no_context_takeover", 15),
        ("permessage-deflate; server_no_context_takeover; client_max_window_bits=9", 15),
    ] + [(f"permessage-deflate; server_max_window_bits={b}", b) for b in range(9, 16)]

    def test_13_negotiation_variants(self):
        for offer, bits in self.OFFERS:
            with self.subTest(offer=offer):
                c = self.client(extensions=offer)
                answer = c.headers.get("sec-websocket-extensions", "")
                self.assertTrue(answer.startswith("permessage-deflate"), answer)
                self.assertIn("server_no_context_takeover", answer)
                self.assertIn("client_no_context_takeover", answer)
                if "server_max_window_bits" in offer:
                    self.assertIn(f"server_max_window_bits={bits}", answer)
                payload = ("compress me " * 500).encode()
                c.send(OP_TEXT, deflate_message(payload), rsv1=True)
                f = c.recv_frame()
                self.assertTrue(f.rsv1, "server messages are compressed (min_size 0)")
                import zlib
                d = zlib.decompressobj(-bits)
                self.assertEqual(d.decompress(f.payload + b"\x00\x00\xff\xff"), payload)
                self.assert_clean_close(c)

    def test_13_declined_offers(self):
        for offer in ["permessage-deflate; server_max_window_bits=8",
                      "permessage-deflate; foo=bar", "permessage-deflate; server_max_window_bits",
                      "permessage-deflate; client_max_window_bits=16",
                      "x-webkit-deflate-frame"]:
            with self.subTest(offer=offer):
                c = self.client(extensions=offer)
                self.assertNotIn("sec-websocket-extensions", c.headers)
                self.assert_echo(c, OP_TEXT, "plain")

    def test_13_first_acceptable_offer_wins(self):
        c = self.client(extensions="permessage-deflate; server_max_window_bits=8, "
                                   "permessage-deflate; server_max_window_bits=10")
        self.assertIn("server_max_window_bits=10", c.headers["sec-websocket-extensions"])

    def test_12_compressed_messages_of_many_sizes(self):
        c = self.client(extensions="permessage-deflate")
        for n in (0, 16, 64, 256, 1024, 4096, 65536, 262144):
            payload = bytes((i * 31) % 251 for i in range(n))
            for opcode in (OP_TEXT, OP_BINARY):
                data = payload if opcode == OP_BINARY else b"a" * n
                c.send(opcode, deflate_message(data), rsv1=True)
                self.assertEqual(c.recv_message(), (opcode, data))
        self.assert_clean_close(c)

    def test_12_fragmented_compressed_messages(self):
        c = self.client(extensions="permessage-deflate")
        data = ("fragmented and compressed " * 400).encode()
        compressed = deflate_message(data)
        third = len(compressed) // 3
        c.send(OP_TEXT, compressed[:third], fin=False, rsv1=True)
        c.send(OP_PING, b"mid")
        c.send(OP_CONT, compressed[third:2 * third], fin=False)
        c.send(OP_CONT, compressed[2 * third:], fin=True)
        f = c.recv_frame()
        self.assertEqual((f.opcode, f.payload), (OP_PONG, b"mid"))
        self.assertEqual(c.recv_message(), (OP_TEXT, data))

    def test_12_uncompressed_messages_still_allowed(self):
        c = self.client(extensions="permessage-deflate")
        c.send(OP_TEXT, b"not compressed")
        self.assertEqual(c.recv_message(), (OP_TEXT, b"not compressed"))

    def test_12_bad_deflate_data_fails_with_1007(self):
        c = self.client(extensions="permessage-deflate")
        c.send(OP_BINARY, b"\xff\xff\xff\xff\xff", rsv1=True)
        self.assert_fails(c, 1007)

    def test_12_rsv1_on_continuation_fails(self):
        c = self.client(extensions="permessage-deflate")
        c.send(OP_TEXT, deflate_message(b"abc")[:1], fin=False, rsv1=True)
        c.send(OP_CONT, b"x", rsv1=True)
        self.assert_fails(c, 1002)

    def test_12_compression_bomb_fails_with_1009(self):
        c = self.client(extensions="permessage-deflate")
        c.send(OP_BINARY, deflate_message(b"\x00" * (8 * 1024 * 1024)), rsv1=True)
        self.assert_fails(c, 1009)


if __name__ == "__main__":
    unittest.main(verbosity=1)
