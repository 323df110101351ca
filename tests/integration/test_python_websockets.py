"""wscd against python3-websockets (Debian's, a client nobody here wrote): echo with and without
permessage-deflate, large and many messages, subprotocols, pings, close codes, many clients."""
import asyncio
import os
import sys
import unittest

import websockets

from wscd import Wscd

SERVER = None


def setUpModule():
    global SERVER
    SERVER = Wscd({"ws.echo_path": "/echo", "ws.subprotocols": "v2.chat,v1.chat",
                   "max_connections": "1000"}).start()


def tearDownModule():
    SERVER.stop()


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 60))


class EchoWithPythonWebsockets(unittest.TestCase):
    def echo_session(self, compression):
        async def go():
            async with websockets.connect(SERVER.url("/echo"), compression=compression,
                                          max_size=4 * 1024 * 1024) as ws:
                extensions = ws.response_headers.get("Sec-WebSocket-Extensions")
                for message in ["hello", "κόσμε", "", "x" * 70000, b"\x00\x01\x02",
                                os.urandom(300_000), "y" * (1024 * 1024)]:
                    await ws.send(message)
                    self.assertEqual(await ws.recv(), message)
                return extensions
        return run(go())

    def test_echo_without_compression(self):
        self.assertIsNone(self.echo_session(None))

    def test_echo_with_compression(self):
        extensions = self.echo_session("deflate")
        self.assertIn("permessage-deflate", extensions)
        self.assertIn("client_no_context_takeover", extensions)

    def test_hundred_messages_in_order(self):
        async def go():
            async with websockets.connect(SERVER.url("/echo")) as ws:
                for i in range(100):
                    await ws.send(f"message {i}")
                for i in range(100):
                    self.assertEqual(await ws.recv(), f"message {i}")
        run(go())

    def test_subprotocol_follows_server_preference(self):
        async def go():
            async with websockets.connect(SERVER.url("/echo"),
                                          subprotocols=["v1.chat", "v2.chat"]) as ws:
                self.assertEqual(ws.subprotocol, "v2.chat")
            async with websockets.connect(SERVER.url("/echo"), subprotocols=["v1.chat"]) as ws:
                self.assertEqual(ws.subprotocol, "v1.chat")
        run(go())

    def test_client_ping_gets_pong(self):
        async def go():
            async with websockets.connect(SERVER.url("/echo")) as ws:
                pong = await ws.ping(b"are you there")
                await asyncio.wait_for(pong, 5)
        run(go())

    def test_oversized_message_closes_with_1009(self):
        async def go():
            async with websockets.connect(SERVER.url("/echo"), max_size=None) as ws:
                await ws.send(b"z" * (1024 * 1024 + 1))
                with self.assertRaises(websockets.ConnectionClosed) as closed:
                    await ws.recv()
                self.assertEqual(closed.exception.rcvd.code, 1009)
        run(go())

    def test_close_code_and_reason_round_trip(self):
        async def go():
            ws = await websockets.connect(SERVER.url("/echo"))
            await ws.close(4001, "done here")
            self.assertEqual(ws.close_code, 4001)
        run(go())

    def test_two_hundred_concurrent_clients(self):
        async def one(i):
            async with websockets.connect(SERVER.url("/echo")) as ws:
                for j in range(5):
                    await ws.send(f"{i}:{j}")
                    self.assertEqual(await ws.recv(), f"{i}:{j}")

        async def go():
            await asyncio.gather(*(one(i) for i in range(200)))
        run(go())

    def test_application_path_accepts_and_answers_pings(self):
        async def go():
            async with websockets.connect(SERVER.url("/ws?user_id=alice")) as ws:
                await asyncio.wait_for(await ws.ping(), 5)
        run(go())


if __name__ == "__main__":
    unittest.main(verbosity=1)
