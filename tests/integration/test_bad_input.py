"""Bad input ends in the right status or close code, a log line and a counter, and the worker
stays responsive: malformed handshakes, oversized and endless messages, invalid UTF-8, unmasked
frames, slowloris clients, half-open connections, the connection limit, HTTP pipelining."""
import asyncio
import os
import socket
import sys
import time
import unittest

import websockets

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "conformance"))
from rawws import OP_BINARY, OP_CONT, OP_PING, OP_TEXT, RawClient, encode_frame, http_request  # noqa
from wscd import Wscd  # noqa: E402

SERVER = None
MAX_CONNECTIONS = 20


def setUpModule():
    global SERVER
    SERVER = Wscd({"ws.echo_path": "/echo", "limits.max_message_size": "64KiB",
                   "limits.max_frame_size": "32KiB", "ws.handshake_timeout": "1s",
                   "ws.close_timeout": "1s", "heartbeat.interval": "1s",
                   "heartbeat.timeout": "2s", "max_connections": str(MAX_CONNECTIONS),
                   "workers": "2"}).start()


def tearDownModule():
    SERVER.stop()


def handshake(path="/echo", version="13", key="dGhlIHNhbXBsZSBub25jZQ==", upgrade="websocket",
              connection="Upgrade", method="GET", extra=""):
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    if upgrade is not None:
        lines.append(f"Upgrade: {upgrade}")
    if connection is not None:
        lines.append(f"Connection: {connection}")
    if key is not None:
        lines.append(f"Sec-WebSocket-Key: {key}")
    if version is not None:
        lines.append(f"Sec-WebSocket-Version: {version}")
    return "\r\n".join(lines) + "\r\n" + extra + "\r\n"


class BadInput(unittest.TestCase):
    def assert_still_serving(self):
        """A well-behaved client still gets its echo."""
        c = RawClient(SERVER.port, "/echo")
        try:
            c.send(OP_TEXT, b"still here")
            self.assertEqual(c.recv_message(), (OP_TEXT, b"still here"))
        finally:
            c.close()

    def metric(self, name, **labels):
        return SERVER.metric(name, labels or None) or 0

    def assert_protocol_close(self, send, code):
        before = self.metric("wsc_errors_total", kind="protocol")
        c = RawClient(SERVER.port, "/echo")
        try:
            send(c)
            self.assertEqual(c.expect_close(), code)
            self.assertTrue(c.wait_tcp_close(3.0))
        finally:
            c.close()
        self.assertEqual(self.metric("wsc_errors_total", kind="protocol"), before + 1)
        self.assertTrue(SERVER.wait_for_log(r"protocol error"))
        self.assert_still_serving()

    # -- handshakes ---------------------------------------------------------------------
    def test_malformed_handshakes(self):
        cases = [
            (handshake(key="not-a-key"), "400", "bad_request"),
            (handshake(key=None), "400", "bad_request"),
            (handshake(upgrade=None), "400", "bad_request"),
            (handshake(connection="keep-alive"), "400", "bad_request"),
            (handshake(version="8"), "426", "bad_version"),
            (handshake(version=None), "426", "bad_version"),
            (handshake(method="POST"), "405", "bad_request"),
        ]
        for request, status, reason in cases:
            with self.subTest(request=request.splitlines()[2:]):
                before = self.metric("wsc_connections_rejected_total", reason=reason)
                answer = http_request(SERVER.port, request)
                self.assertTrue(answer.startswith(f"HTTP/1.1 {status}"), answer)
                self.assertIn('"code":"bad_handshake"', answer)
                if status == "426":
                    self.assertIn("Sec-WebSocket-Version: 13", answer)
                self.assertEqual(self.metric("wsc_connections_rejected_total", reason=reason),
                                 before + 1)
        self.assertTrue(SERVER.wait_for_log(r"websocket upgrade refused"))
        self.assert_still_serving()

    def test_malformed_http_gets_400_and_close(self):
        before = self.metric("wsc_errors_total", kind="http_bad_request")
        answer = http_request(SERVER.port, "GARBAGE\r\n\r\n")
        self.assertTrue(answer.startswith("HTTP/1.1 400"), answer)
        self.assertEqual(self.metric("wsc_errors_total", kind="http_bad_request"), before + 1)
        huge = "GET /health HTTP/1.1\r\nX: " + "a" * 20000 + "\r\n\r\n"
        self.assertTrue(http_request(SERVER.port, huge).startswith("HTTP/1.1 431"))
        self.assert_still_serving()

    def test_slowloris_handshake_times_out(self):
        before = self.metric("wsc_errors_total", kind="http_request_timeout")
        s = socket.create_connection(("127.0.0.1", SERVER.port), timeout=5)
        started = time.monotonic()
        s.sendall(b"GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n")  # never finished
        data = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        s.close()
        self.assertLess(time.monotonic() - started, 3.0)
        self.assertTrue(data.startswith(b"HTTP/1.1 408"), data)
        self.assertEqual(self.metric("wsc_errors_total", kind="http_request_timeout"), before + 1)

    # -- frames ---------------------------------------------------------------------------
    def test_oversized_frame(self):
        self.assert_protocol_close(lambda c: c.send(OP_BINARY, b"x" * (32 * 1024 + 1)), 1009)

    def test_endless_fragmented_message(self):
        def send(c):
            c.send(OP_BINARY, b"x" * 16000, fin=False)
            for _ in range(10):
                c.send(OP_CONT, b"x" * 16000, fin=False)
        self.assert_protocol_close(send, 1009)

    def test_invalid_utf8(self):
        self.assert_protocol_close(lambda c: c.send(OP_TEXT, b"\xff\xfe"), 1007)

    def test_unmasked_frame(self):
        self.assert_protocol_close(lambda c: c.send(OP_TEXT, b"hi", mask=False), 1002)

    # -- connections ----------------------------------------------------------------------
    def test_half_open_connection_is_closed_by_heartbeat(self):
        before = self.metric("wsc_errors_total", kind="heartbeat_timeout")
        c = RawClient(SERVER.port, "/ws?user_id=half-open")
        self.assertIn(b'"type":"connected"', c.recv_frame().payload)
        started = time.monotonic()
        # Never answer pings: read raw frames until the server gives up on us.
        pings, code = 0, None
        while True:
            f = c.recv_frame(timeout=5)
            if f.opcode == OP_PING:
                pings += 1
                continue
            code = f.close_code
            break
        self.assertEqual(code, 4004)  # heartbeat timeout
        self.assertGreaterEqual(pings, 1)
        self.assertTrue(c.wait_tcp_close(2.0))
        self.assertLess(time.monotonic() - started, 4.0)
        c.close()
        self.assertEqual(self.metric("wsc_errors_total", kind="heartbeat_timeout"), before + 1)
        self.assertTrue(SERVER.wait_for_log(r"heartbeat timeout"))

    def test_connection_limit_gets_503(self):
        async def go():
            open_now = int(self.metric("wsc_connections"))
            clients = [await websockets.connect(SERVER.url(f"/ws?user_id=cap{i}"))
                       for i in range(MAX_CONNECTIONS - open_now)]
            before = self.metric("wsc_connections_rejected_total", reason="over_capacity")
            with self.assertRaises(websockets.InvalidStatusCode) as refused:
                await websockets.connect(SERVER.url("/ws?user_id=one-too-many"))
            self.assertEqual(refused.exception.status_code, 503)
            self.assertEqual(self.metric("wsc_connections_rejected_total", reason="over_capacity"),
                             before + 1)
            for ws in clients:
                await ws.close()
        asyncio.run(asyncio.wait_for(go(), 30))
        time.sleep(0.2)
        self.assert_still_serving()

    def test_http_keep_alive_and_pipelining(self):
        answer = http_request(SERVER.port, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
                                           "GET /ready HTTP/1.1\r\nHost: x\r\n\r\n"
                                           "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        self.assertEqual(answer.count("HTTP/1.1 200 OK"), 3)
        self.assertLess(answer.index('"status":"ok"'), answer.index('"status":"ready"'))


if __name__ == "__main__":
    unittest.main(verbosity=1)
