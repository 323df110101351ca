"""Slow consumers: a client that stops reading fills its bounded queue; under `drop` the
connection stays and dropped messages come back by resume, under `close` the slow consumer is
closed (4002). Server memory stays bounded either way."""
import json
import os
import socket
import sys
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "conformance"))
from rawws import OP_CLOSE, OP_TEXT, RawClient  # noqa: E402
from wscd import Wscd  # noqa: E402

TOKEN = "backpressure-token-1"
PAYLOAD = "x" * 1000


def batch(server, user, count):
    commands = [{"op": "send", "user_id": user, "type": "n", "data": PAYLOAD}] * count
    request = urllib.request.Request(server.http_url("/api/wsc/batch"),
                                     data=json.dumps({"commands": commands}).encode(),
                                     method="POST")
    request.add_header("Authorization", f"Bearer {TOKEN}")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())["results"]


def stats_of(server):
    request = urllib.request.Request(server.http_url("/api/wsc/stats"))
    request.add_header("Authorization", f"Bearer {TOKEN}")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class SlowClient(RawClient):
    """A client with a tiny receive buffer, so the server's queue fills instead of the kernel's."""

    def __init__(self, port, path):
        original = socket.create_connection

        def small_buffer_connection(address, timeout=None):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.settimeout(timeout)
            s.connect(address)
            return s
        socket.create_connection = small_buffer_connection
        try:
            super().__init__(port, path)
        finally:
            socket.create_connection = original


SETTINGS = {"api.tokens": TOKEN, "message_queue.size": "50", "message_queue.max_bytes": "1MiB",
            "streams.max_messages": "70000", "limits.max_http_body_size": "4MiB",
            "limits.max_message_size": "64KiB", "limits.max_frame_size": "64KiB",
            "ws.close_timeout": "1s", "workers": "2"}


class Backpressure(unittest.TestCase):
    def test_drop_keeps_the_connection_and_resume_recovers_everything(self):
        with Wscd(dict(SETTINGS, **{"message_queue.overflow": "drop"})) as server:
            client = SlowClient(server.port, "/ws?user_id=slow")
            baseline = rss_kib(server.proc.pid)
            total = 0
            for _ in range(20):
                total += len(batch(server, "slow", 1000))
            dropped = server.metric("wsc_message_queue_dropped_total")
            self.assertGreater(dropped, 0)
            self.assertEqual(server.metric("wsc_connections"), 1)
            # The stalled queue is visible once the kernel's send buffer is full too (until
            # then each flush empties the queue into it), and bounded by message_queue.size /
            # max_bytes all along. A depth seen right after a batch may be one the worker
            # hasn't flushed yet: wait until the same depth shows twice, 100 ms apart.
            previous = None
            for _ in range(400):
                stats = stats_of(server)
                self.assertLessEqual(stats["queued_messages"], 51)  # + the frame in flight
                self.assertLessEqual(stats["queued_bytes"], 1024 * 1024 + 2048)
                depth = (stats["queued_messages"], stats["queued_bytes"])
                if depth[0] > 0 and depth == previous:
                    break
                previous = depth
                if depth[0] > 0:
                    time.sleep(0.1)
                else:
                    total += len(batch(server, "slow", 100))
            self.assertGreater(stats["queued_messages"], 0)
            self.assertGreater(stats["queued_bytes"], 0)
            self.assertEqual(sum(w["queued_bytes"] for w in stats["workers"]),
                             stats["queued_bytes"])
            self.assertEqual(server.metric("wsc_queued_bytes"), stats["queued_bytes"])
            # 20 MB were pushed; the server holds at most its queue (1 MiB) plus the stream.
            self.assertLess(rss_kib(server.proc.pid) - baseline, 64 * 1024)
            # The client wakes up, reads what reached it, then resumes from its last seq.
            seqs = []
            while True:
                try:
                    opcode, data = client.recv_message(timeout=1)
                except (TimeoutError, socket.timeout):
                    break
                message = json.loads(data)
                if message.get("type") == "n":
                    seqs.append(message["seq"])
            client.close()
            deadline = time.monotonic() + 5  # the queue empties once the client has read it
            while time.monotonic() < deadline and stats_of(server)["queued_bytes"] != 0:
                time.sleep(0.05)
            self.assertEqual(stats_of(server)["queued_messages"], 0)
            self.assertLess(len(seqs), total)
            self.assertEqual(seqs, sorted(seqs))
            again = RawClient(server.port, f"/ws?user_id=slow&resume=user:slow:{seqs[-1]}")
            json.loads(again.recv_message()[1])  # connected
            while True:
                message = json.loads(again.recv_message(timeout=5)[1])
                if message["type"] == "resume":
                    self.assertTrue(message["recovered"])
                    break
                seqs.append(message["seq"])
            again.close()
            # Everything after the last seq seen came back; what was dropped mid-queue before
            # that point is recovered by resuming from the first gap instead:
            first_gap = next((a for a, b in zip(seqs, seqs[1:]) if b != a + 1), None)
            if first_gap is not None:
                fill = RawClient(server.port, f"/ws?user_id=slow&resume=user:slow:{first_gap}")
                json.loads(fill.recv_message()[1])
                replayed = []
                while True:
                    message = json.loads(fill.recv_message(timeout=5)[1])
                    if message["type"] == "resume":
                        break
                    replayed.append(message["seq"])
                fill.close()
                self.assertEqual(replayed, list(range(first_gap + 1, total + 1)))
            else:
                self.assertEqual(seqs, list(range(1, total + 1)))

    def test_close_policy_closes_the_slow_consumer(self):
        with Wscd(dict(SETTINGS, **{"message_queue.overflow": "close"})) as server:
            client = SlowClient(server.port, "/ws?user_id=sloth")
            for _ in range(20):
                batch(server, "sloth", 1000)
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and server.metric("wsc_connections") != 0:
                time.sleep(0.1)
            self.assertEqual(server.metric("wsc_connections"), 0)
            self.assertEqual(server.metric("wsc_errors_total", {"kind": "slow_consumer"}), 1)
            # What the client still finds in its socket ends with the close frame: 4002.
            codes = []
            try:
                while True:
                    f = client.recv_frame(timeout=1)
                    if f.opcode == OP_CLOSE:
                        codes.append(f.close_code)
                        break
            except (EOFError, TimeoutError, socket.timeout, ConnectionResetError):
                pass
            client.close()
            if codes:
                self.assertEqual(codes, [4002])


if __name__ == "__main__":
    unittest.main(verbosity=1)
