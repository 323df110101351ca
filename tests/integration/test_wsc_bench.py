"""wsc-bench, the load tool, against a real wscd: small runs of each scenario must account for
every message (expected = received, nothing lost, duplicated or out of order), report sane
latency figures, and say so when the target refuses it."""
import json
import os
import subprocess
import tempfile
import unittest

from wscd import Wscd

TOKEN = "bench-test-token-1"
WSC_BENCH = os.environ.get("WSCBENCH", os.path.join(os.path.dirname(__file__),
                                                     "../../build/bench/wsc-bench/wsc-bench"))


def run_bench(server, *args, token=TOKEN):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "result.json")
        done = subprocess.run([WSC_BENCH, *args, "--port", str(server.port), "--token", token,
                               "--json", path, "--no-progress", "--drain", "3"],
                              capture_output=True, text=True, timeout=60,
                              stdin=subprocess.DEVNULL)
        with open(path) as f:
            return done, json.load(f)


class WscBench(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Wscd({"api.tokens": TOKEN, "workers": "2", "log.level": "info",
                           "ws.echo_path": "/echo", "permissions.client_send": "true"}).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def assert_latency_sane(self, result):
        latency = result["latency"]
        self.assertEqual(latency["count"], result["received"])
        self.assertEqual(latency["histogram"]["count"], result["received"])
        self.assertGreater(latency["min_ns"], 0)
        self.assertLessEqual(latency["min_ns"], latency["p50_ns"])
        self.assertLessEqual(latency["p50_ns"], latency["p90_ns"])
        self.assertLessEqual(latency["p90_ns"], latency["p99_ns"])
        self.assertLessEqual(latency["p99_ns"], latency["p999_ns"])
        self.assertLessEqual(latency["p999_ns"], latency["max_ns"])
        self.assertLess(latency["max_ns"], 10e9)

    def test_p2p_accounts_for_every_message(self):
        done, result = run_bench(self.server, "p2p", "-c", "200", "--processes", "2",
                                 "-r", "2000", "-d", "1")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual((result["opened"], result["failed"]), (200, 0))
        self.assertGreater(result["messages_sent"], 1500)
        self.assertEqual(result["requests_ok"], result["messages_sent"])
        self.assertEqual(result["expected"], result["messages_sent"])  # every user is online
        self.assertEqual(result["received"], result["expected"])
        self.assertEqual((result["lost"], result["duplicated"], result["out_of_order"],
                          result["gaps"]), (0, 0, 0, 0))
        self.assert_latency_sane(result)
        self.assertIn("delivered", done.stdout)

    def test_batched_p2p(self):
        done, result = run_bench(self.server, "p2p", "-c", "100", "-r", "5000", "-d", "1",
                                 "--batch", "50")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(result["requests_sent"] * 50, result["messages_sent"])
        self.assertEqual(result["received"], result["messages_sent"])
        self.assertEqual(result["lost"], 0)

    def test_broadcast_reaches_every_connection(self):
        done, result = run_bench(self.server, "broadcast", "-c", "300", "--processes", "3",
                                 "-r", "20", "-d", "1")
        self.assertEqual(done.returncode, 0, done.stderr)
        broadcasts = result["messages_sent"]
        self.assertGreater(broadcasts, 10)
        self.assertEqual(result["expected"], broadcasts * 300)
        self.assertEqual(result["received"], broadcasts * 300)
        self.assertEqual((result["lost"], result["duplicated"], result["gaps"]), (0, 0, 0))
        completion = result["broadcast_completion"]
        self.assertEqual(completion["count"], broadcasts)
        self.assertLessEqual(completion["p50_ns"], completion["max_ns"])
        self.assertEqual(completion["max_ns"], result["latency"]["max_ns"])
        self.assert_latency_sane(result)

    def test_connect_reports_rate_and_handshakes(self):
        done, result = run_bench(self.server, "connect", "-c", "300", "--processes", "2")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual((result["opened"], result["failed"]), (300, 0))
        self.assertEqual(result["handshake"]["count"], 300)
        self.assertGreater(result["connect_per_s"], 0)

    def test_hold_samples_the_server_memory(self):
        with Wscd({"workers": "1"}) as fresh:
            done, result = run_bench(fresh, "hold", "-c", "500", "-d", "0.5",
                                     "--server-pid", str(fresh.proc.pid))
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertGreater(result["rss_baseline_kib"], 0)
        self.assertGreater(result["rss_end_kib"], result["rss_baseline_kib"])
        # A session costs a few hundred bytes to a few KiB: anything else is a broken sample.
        self.assertGreater(result["bytes_per_connection"], 100)
        self.assertLess(result["bytes_per_connection"], 64 * 1024)

    def test_echo_round_trips(self):
        done, result = run_bench(self.server, "echo", "--path", "/echo", "-c", "50",
                                 "-r", "1000", "-d", "1")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertGreater(result["client_sent"], 800)
        self.assertEqual(result["received"], result["client_sent"])
        self.assertEqual(result["lost"], 0)
        self.assert_latency_sane(result)

    def test_mixed_accounts_for_api_chat_and_broadcast_messages(self):
        done, result = run_bench(self.server, "mixed", "-c", "200", "--processes", "2",
                                 "-r", "1000", "--chat-rate", "500", "--broadcast-rate", "4",
                                 "-d", "1")
        self.assertEqual(done.returncode, 0, done.stderr)
        chat = result["client_sent"]
        api_messages = result["messages_sent"] - chat
        self.assertGreater(chat, 350)
        self.assertGreater(api_messages, 750)
        self.assertEqual(result["requests_ok"], api_messages)
        # Every p2p message reaches one user and every broadcast all 200: at least 4 of them.
        self.assertGreaterEqual(result["expected"] - chat - api_messages, 4 * 199)
        self.assertEqual(result["received"], result["expected"])
        self.assertEqual((result["lost"], result["duplicated"], result["out_of_order"],
                          result["gaps"]), (0, 0, 0, 0))
        self.assert_latency_sane(result)

    def test_reconnect_storm_recovers_every_message_by_resume(self):
        done, result = run_bench(self.server, "reconnect-storm", "-c", "200", "-r", "1000",
                                 "-d", "2", "--storm-percent", "50")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual((result["reconnected"], result["reopened"]), (100, 100))
        self.assertEqual(result["expected"], result["messages_sent"])
        self.assertEqual(result["received"], result["messages_sent"])
        self.assertEqual((result["lost"], result["duplicated"], result["gaps"]), (0, 0, 0))

    def test_a_refusing_target_is_reported_and_fails_the_run(self):
        done, result = run_bench(self.server, "p2p", "-c", "10", "-r", "100", "-d", "0.5",
                                 token="wrong-token-123")
        self.assertEqual(done.returncode, 1)
        self.assertEqual(result["requests_ok"], 0)
        self.assertGreater(result["requests_failed"], 0)
        self.assertIn("HTTP 401", done.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=1)
