"""Streams, sequence numbers and resume: offline messages, reconnecting with the last seq,
no gap and no duplicate while live traffic continues, retention limits, persist:false."""
import asyncio
import json
import threading
import time
import unittest
import urllib.request

import websockets

from wscd import Wscd

TOKEN = "resume-token-123456"


def api(server, path, body):
    request = urllib.request.Request(server.http_url(path), data=json.dumps(body).encode(),
                                     method="POST")
    request.add_header("Authorization", f"Bearer {TOKEN}")
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


async def open_session(server, user, resume=None):
    path = f"/ws?user_id={user}" + (f"&resume={resume}" if resume else "")
    ws = await websockets.connect(server.url(path))
    hello = json.loads(await asyncio.wait_for(ws.recv(), 5))
    assert hello["type"] == "connected"
    return ws


async def receive_until_resume(ws):
    """Replayed messages, then the resume summary."""
    replayed = []
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), 5))
        if message["type"] == "resume":
            return replayed, message
        replayed.append(message)


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 90))


class Resume(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Wscd({"api.tokens": TOKEN, "workers": "2",
                           "limits.max_connections_per_user": "5"}).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_offline_user_gets_stored_messages_on_connect(self):
        for i in range(5):
            answer = api(self.server, "/api/wsc/send", {"user_id": "olga", "type": "n", "data": i})
            self.assertEqual(answer["delivered_to"], 0)
            self.assertEqual(answer["seq"], {"user:olga": i + 1})

        async def go():
            ws = await open_session(self.server, "olga", "user:olga:0")
            replayed, summary = await receive_until_resume(ws)
            self.assertEqual([m["data"] for m in replayed], [0, 1, 2, 3, 4])
            self.assertEqual([m["seq"] for m in replayed], [1, 2, 3, 4, 5])
            self.assertTrue(all(m["stream"] == "user:olga" for m in replayed))
            self.assertEqual(summary["recovered"], True)
            self.assertEqual(summary["streams"], {"user:olga": 5})
            await ws.close()
        run(go())

    def test_reconnect_with_last_seq_gets_exactly_the_missed_messages_then_live(self):
        async def go():
            ws = await open_session(self.server, "pete")
            api(self.server, "/api/wsc/send", {"user_id": "pete", "type": "n", "data": "a"})
            first = json.loads(await ws.recv())
            last_seq = first["seq"]
            await ws.close()
            for data in ("b", "c", "d"):
                api(self.server, "/api/wsc/send", {"user_id": "pete", "type": "n", "data": data})
            ws = await open_session(self.server, "pete", f"user:pete:{last_seq}")
            replayed, summary = await receive_until_resume(ws)
            self.assertEqual([m["data"] for m in replayed], ["b", "c", "d"])
            self.assertTrue(summary["recovered"])
            api(self.server, "/api/wsc/send", {"user_id": "pete", "type": "n", "data": "e"})
            live = json.loads(await ws.recv())
            self.assertEqual((live["data"], live["seq"]), ("e", last_seq + 4))
            await ws.close()
        run(go())

    def no_gap_no_duplicate_while_live_traffic_continues(self, user, by_message):
        total = 300
        stop = threading.Event()

        def producer():
            for i in range(total):
                api(self.server, "/api/wsc/send", {"user_id": user, "type": "n", "data": i})
                time.sleep(0.002)
            stop.set()

        async def go():
            received = []
            last = 0
            thread = threading.Thread(target=producer)
            thread.start()
            while True:
                if by_message:
                    ws = await open_session(self.server, user, "message")
                    await ws.send(json.dumps({"type": "resume",
                                              "streams": {f"user:{user}": last}}))
                else:
                    ws = await open_session(self.server, user, f"user:{user}:{last}")
                replayed, summary = await receive_until_resume(ws)
                self.assertTrue(summary["recovered"])
                received += replayed
                deadline = time.monotonic() + 0.15  # stay a while, then drop and resume
                while time.monotonic() < deadline:
                    try:
                        message = json.loads(await asyncio.wait_for(ws.recv(), 0.05))
                        received.append(message)
                    except asyncio.TimeoutError:
                        pass
                if received:
                    last = received[-1]["seq"]
                await ws.close()
                if stop.is_set() and last == total:
                    break
                if stop.is_set() and time.monotonic() > deadline + 10:
                    break
            thread.join()
            seqs = [m["seq"] for m in received]
            self.assertEqual(seqs, list(range(1, total + 1)))  # in order, no gap, no duplicate
            self.assertEqual([m["data"] for m in received], list(range(total)))
        run(go())

    def test_no_gap_no_duplicate_while_live_traffic_continues(self):
        self.no_gap_no_duplicate_while_live_traffic_continues("quinn", by_message=False)

    def test_no_gap_no_duplicate_resuming_by_message(self):
        self.no_gap_no_duplicate_while_live_traffic_continues("quincy", by_message=True)

    def test_concurrent_senders_lose_nothing_and_keep_seq_order(self):
        # Senders on several API connections (so on both workers) push to one user at once:
        # every seq arrives, once, in order.
        per_sender, senders = 150, 4

        def sender(n):
            for i in range(per_sender):
                api(self.server, "/api/wsc/send",
                    {"user_id": "cody", "type": "n", "data": [n, i]})

        async def go():
            ws = await open_session(self.server, "cody")
            threads = [threading.Thread(target=sender, args=(n,)) for n in range(senders)]
            for thread in threads:
                thread.start()
            received = []
            while len(received) < per_sender * senders:
                received.append(json.loads(await asyncio.wait_for(ws.recv(), 10)))
            for thread in threads:
                thread.join()
            self.assertEqual([m["seq"] for m in received],
                             list(range(1, per_sender * senders + 1)))
            for n in range(senders):  # and each sender's messages in its order
                self.assertEqual([m["data"][1] for m in received if m["data"][0] == n],
                                 list(range(per_sender)))
            await ws.close()
        run(go())

    def test_broadcast_stream_resumes_too(self):
        answer = api(self.server, "/api/wsc/broadcast", {"type": "news", "data": "x"})
        seq = answer["seq"]["all"]

        async def go():
            ws = await open_session(self.server, "rita", f"all:{seq - 1}")
            replayed, summary = await receive_until_resume(ws)
            self.assertEqual([(m["stream"], m["seq"]) for m in replayed], [("all", seq)])
            self.assertEqual(summary["streams"]["all"], seq)
            await ws.close()
        run(go())

    def test_persist_false_has_no_seq_and_is_not_kept(self):
        async def go():
            ws = await open_session(self.server, "sam")
            answer = api(self.server, "/api/wsc/send",
                         {"user_id": "sam", "type": "typing", "persist": False})
            self.assertEqual(answer["seq"], {})
            message = json.loads(await ws.recv())
            self.assertEqual(message["type"], "typing")
            self.assertNotIn("seq", message)
            await ws.close()
            ws = await open_session(self.server, "sam", "user:sam:0")
            replayed, _ = await receive_until_resume(ws)
            self.assertEqual(replayed, [])
            await ws.close()
        run(go())

    def test_malformed_resume_is_refused(self):
        async def go():
            with self.assertRaises(websockets.InvalidStatusCode) as refused:
                await websockets.connect(self.server.url("/ws?user_id=tina&resume=nonsense"))
            self.assertEqual(refused.exception.status_code, 400)
        run(go())


class ResumeByMessage(unittest.TestCase):
    """`?resume=message`: live delivery waits for the client's first message."""

    @classmethod
    def setUpClass(cls):
        cls.server = Wscd({"api.tokens": TOKEN, "workers": "2",
                           "streams.resume_timeout": "600ms"}).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    async def assert_silent(self, ws, seconds):
        with self.assertRaises(asyncio.TimeoutError):
            await asyncio.wait_for(ws.recv(), seconds)

    def test_messages_sent_while_waiting_are_replayed_in_order_then_live(self):
        for data in ("a", "b"):
            api(self.server, "/api/wsc/send", {"user_id": "vera", "type": "n", "data": data})

        async def go():
            ws = await open_session(self.server, "vera", "message")
            for data in ("c", "d"):  # sent while the session waits for its resume message
                answer = api(self.server, "/api/wsc/send",
                             {"user_id": "vera", "type": "n", "data": data})
                self.assertEqual(answer["delivered_to"], 1)
            await self.assert_silent(ws, 0.2)  # held, not delivered live
            await ws.send(json.dumps({"type": "resume", "streams": {"user:vera": 1}}))
            replayed, summary = await receive_until_resume(ws)
            self.assertEqual([(m["data"], m["seq"]) for m in replayed],
                             [("b", 2), ("c", 3), ("d", 4)])
            self.assertEqual(summary["recovered"], True)
            self.assertEqual(summary["streams"]["user:vera"], 4)
            api(self.server, "/api/wsc/send", {"user_id": "vera", "type": "n", "data": "e"})
            live = json.loads(await asyncio.wait_for(ws.recv(), 5))
            self.assertEqual((live["data"], live["seq"]), ("e", 5))
            await ws.close()
        run(go())

    def test_resume_message_may_follow_the_handshake_at_once(self):
        api(self.server, "/api/wsc/send", {"user_id": "wade", "type": "n", "data": 1})

        async def go():
            ws = await websockets.connect(self.server.url("/ws?user_id=wade&resume=message"))
            await ws.send(json.dumps({"type": "resume", "streams": {"user:wade": 0, "all": 0}}))
            hello = json.loads(await asyncio.wait_for(ws.recv(), 5))
            self.assertEqual(hello["type"], "connected")
            replayed, summary = await receive_until_resume(ws)
            self.assertIn(("user:wade", 1), [(m["stream"], m["seq"]) for m in replayed])
            self.assertTrue(summary["recovered"])
            await ws.close()
        run(go())

    def test_no_resume_message_in_time_goes_live_with_what_arrived_meanwhile(self):
        async def go():
            ws = await open_session(self.server, "xena", "message")
            api(self.server, "/api/wsc/send", {"user_id": "xena", "type": "n", "data": "held"})
            started = time.monotonic()
            replayed, summary = await receive_until_resume(ws)
            self.assertGreaterEqual(time.monotonic() - started, 0.3)  # waited for the timeout
            self.assertEqual([m["data"] for m in replayed], ["held"])
            self.assertFalse(summary["recovered"])  # the client never said where it stood
            await ws.close()
        run(go())
        self.assertGreaterEqual(
            self.server.metric("wsc_errors_total", {"kind": "resume_timeout"}), 1)

    def test_another_first_message_goes_live_and_is_answered(self):
        async def go():
            ws = await open_session(self.server, "yann", "message")
            api(self.server, "/api/wsc/send", {"user_id": "yann", "type": "n", "data": "held"})
            await ws.send(json.dumps({"type": "ping"}))
            replayed, summary = await receive_until_resume(ws)
            self.assertEqual([m["data"] for m in replayed], ["held"])
            self.assertFalse(summary["recovered"])
            pong = json.loads(await asyncio.wait_for(ws.recv(), 5))
            self.assertEqual(pong["type"], "pong")
            await ws.close()
        run(go())

    def test_malformed_resume_message_is_answered_and_goes_live(self):
        async def go():
            ws = await open_session(self.server, "zoe", "message")
            await ws.send(json.dumps({"type": "resume", "streams": {"user:zoe": "seven"}}))
            error = json.loads(await asyncio.wait_for(ws.recv(), 5))
            self.assertEqual((error["type"], error["code"]), ("error", "invalid_resume"))
            _, summary = await receive_until_resume(ws)
            self.assertFalse(summary["recovered"])
            api(self.server, "/api/wsc/send", {"user_id": "zoe", "type": "n", "data": "live"})
            live = json.loads(await asyncio.wait_for(ws.recv(), 5))
            self.assertEqual(live["data"], "live")
            await ws.close()
        run(go())

    def test_resume_message_without_asking_at_connect_is_an_error(self):
        async def go():
            ws = await open_session(self.server, "abel")
            await ws.send(json.dumps({"type": "resume", "streams": {"user:abel": 0}}))
            error = json.loads(await asyncio.wait_for(ws.recv(), 5))
            self.assertEqual((error["type"], error["code"]), ("error", "unexpected_resume"))
            await ws.send(json.dumps({"type": "ping"}))  # still open
            self.assertEqual(json.loads(await asyncio.wait_for(ws.recv(), 5))["type"], "pong")
            await ws.close()
        run(go())


class Retention(unittest.TestCase):
    def test_lost_gap_is_reported(self):
        with Wscd({"api.tokens": TOKEN, "streams.max_messages": "3"}) as server:
            for i in range(10):
                api(server, "/api/wsc/send", {"user_id": "uma", "type": "n", "data": i})

            async def go():
                ws = await open_session(server, "uma", "user:uma:2")
                replayed, summary = await receive_until_resume(ws)
                self.assertEqual([m["seq"] for m in replayed], [8, 9, 10])
                self.assertFalse(summary["recovered"])
                self.assertEqual(summary["streams"], {"user:uma": 10})
                await ws.close()
            run(go())


if __name__ == "__main__":
    unittest.main(verbosity=1)
