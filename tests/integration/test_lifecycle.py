"""wscd as an operator sees it: health and readiness, heartbeats, graceful shutdown on SIGTERM,
JSON logs, configuration errors and --print-config."""
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "conformance"))
from rawws import OP_CLOSE, OP_PING, OP_TEXT, RawClient  # noqa: E402
from wscd import WSCD, Wscd  # noqa: E402


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


class Lifecycle(unittest.TestCase):
    def test_health_and_ready(self):
        with Wscd() as server:
            status, body = get(server.http_url("/health"))
            self.assertEqual(status, 200)
            self.assertEqual(body["status"], "ok")
            self.assertIn("connections", body)
            self.assertEqual(get(server.http_url("/ready")), (200, {"status": "ready"}))

    def test_heartbeat_pings_arrive_every_interval(self):
        with Wscd({"heartbeat.interval": "1s", "heartbeat.timeout": "3s"}) as server:
            c = RawClient(server.port, "/ws?user_id=u1")
            self.assertIn(b'"type":"connected"', c.recv_frame().payload)
            started = time.monotonic()
            times = []
            while len(times) < 3:
                f = c.recv_frame(timeout=5)
                self.assertEqual(f.opcode, OP_PING)
                times.append(time.monotonic() - started)
                c.send(0xA, f.payload)  # answer, so we stay connected
            gaps = [b - a for a, b in zip(times, times[1:])]
            for gap in gaps:
                self.assertGreater(gap, 0.6)
                self.assertLess(gap, 2.0)
            c.close()

    def test_sigterm_drains_flushes_and_exits_zero(self):
        server = Wscd({"ws.echo_path": "/echo", "shutdown.drain_timeout": "5s"}).start()
        try:
            clients = [RawClient(server.port, "/echo") for _ in range(5)]
            # A message whose echo is queued right before the signal must arrive before the close (4001, server draining).
            clients[0].send(OP_TEXT, b"last words")
            time.sleep(0.1)
            started = time.monotonic()
            server.terminate()
            for i, c in enumerate(clients):
                frames = []
                while True:
                    f = c.recv_frame(timeout=5)
                    frames.append(f)
                    if f.opcode == OP_CLOSE:
                        break
                if i == 0:
                    self.assertEqual(frames[0].payload, b"last words")
                self.assertEqual(frames[-1].close_code, 4001)
            # While the clients have not answered, the node drains: /ready is 503.
            self.assertEqual(get(server.http_url("/ready"))[0], 503)
            for c in clients:
                c.send_close(4001)
                self.assertTrue(c.wait_tcp_close(3.0))
                c.close()
            self.assertEqual(server.wait(timeout=10), 0)
            self.assertLess(time.monotonic() - started, 5.0)
            self.assertIn("draining", server.log_text())
        finally:
            server.stop()

    def test_sigterm_with_unresponsive_clients_ends_at_the_drain_timeout(self):
        server = Wscd({"shutdown.drain_timeout": "1s", "ws.close_timeout": "10s"}).start()
        try:
            c = RawClient(server.port, "/ws?user_id=u1")
            started = time.monotonic()
            server.terminate()
            self.assertEqual(server.wait(timeout=10), 0)
            self.assertLess(time.monotonic() - started, 3.0)
            self.assertTrue(c.wait_tcp_close(2.0))
            c.close()
        finally:
            server.stop()

    def test_json_logs_are_one_object_per_line(self):
        with Wscd({"log.format": "json"}) as server:
            get(server.http_url("/health"))
        lines = [line for line in server.lines if line.strip()]
        self.assertTrue(lines)
        for line in lines:
            record = json.loads(line)
            self.assertEqual(set(record), {"ts", "level", "logger", "thread", "msg"})

    def test_configuration_errors_name_the_key_and_line(self):
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
            f.write("wsc:\n  port: 8081\n  heartbeat:\n    interval: soon\n")
            path = f.name
        try:
            result = subprocess.run([WSCD, "--config", path], capture_output=True, text=True,
                                    timeout=10, stdin=subprocess.DEVNULL)
            self.assertEqual(result.returncode, 2)
            self.assertIn(f"{path}:4: wsc.heartbeat.interval: invalid duration", result.stderr)
        finally:
            os.unlink(path)
        result = subprocess.run([WSCD, "--bogus-flag"], capture_output=True, text=True,
                                timeout=10, stdin=subprocess.DEVNULL)
        self.assertEqual(result.returncode, 2)
        env = dict(os.environ, WSC_HEARTBEAT_TIMEOUT="1s")
        result = subprocess.run([WSCD], capture_output=True, text=True, timeout=10, env=env,
                                stdin=subprocess.DEVNULL)
        self.assertEqual(result.returncode, 2)
        self.assertIn("wsc.heartbeat.timeout", result.stderr)

    def test_print_config_shows_effective_values(self):
        env = dict(os.environ, WSC_PORT="9123")
        result = subprocess.run([WSCD, "--print-config", "--set", "ws.echo_path=/e"],
                                capture_output=True, text=True, timeout=10, env=env,
                                stdin=subprocess.DEVNULL)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("port: 9123", result.stdout)
        self.assertIn("echo_path: /e", result.stdout)
        self.assertTrue(result.stdout.startswith("wsc:"))

    def test_address_in_use_is_a_clear_start_up_error(self):
        import socket
        blocker = socket.socket()
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        try:
            result = subprocess.run([WSCD, "--host", "127.0.0.1", "--port", str(port)],
                                    capture_output=True, text=True, timeout=10,
                                    stdin=subprocess.DEVNULL)
            self.assertEqual(result.returncode, 1)
            self.assertIn("wscd:", result.stderr)
        finally:
            blocker.close()

    def test_a_second_wscd_on_the_same_port_refuses_to_start(self):
        # SO_REUSEPORT would let it share the port and take half the traffic.
        with Wscd() as first:
            result = subprocess.run([WSCD, "--host", "127.0.0.1", "--port", str(first.port)],
                                    capture_output=True, text=True, timeout=10,
                                    stdin=subprocess.DEVNULL)
            self.assertEqual(result.returncode, 1)
            self.assertIn(f"port {first.port} is already in use", result.stderr)
            self.assertEqual(first.metric("wsc_connections"), 0)  # the first one still serves


if __name__ == "__main__":
    unittest.main(verbosity=1)
