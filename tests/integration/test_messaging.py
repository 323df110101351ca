"""Users, connections and pushes: authentication at the upgrade, the connected message,
per-user limits, send to a user / to users / broadcast through the server API, online lists,
API tokens and validation, client ping/error messages. Clients: python3-websockets."""
import asyncio
import json
import unittest
import urllib.error
import urllib.request

import websockets

from wscd import Wscd

TOKEN = "test-token-123456"
SERVER = None


def setUpModule():
    global SERVER
    SERVER = Wscd({"api.tokens": TOKEN, "limits.max_connections_per_user": "3",
                   "workers": "2"}).start()


def tearDownModule():
    SERVER.stop()


def api(method, path, body=None, token=TOKEN, raw=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(SERVER.http_url(path), data=data, method=method)
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


async def connect(user, user_agent_header=None, **kw):
    if user_agent_header:
        kw["user_agent_header"] = user_agent_header
    ws = await websockets.connect(SERVER.url(f"/ws?user_id={user}"), **kw)
    hello = json.loads(await asyncio.wait_for(ws.recv(), 5))
    assert hello["type"] == "connected", hello
    assert hello["user_id"] == user, hello
    return ws, hello


async def recv_json(ws, timeout=5):
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))


async def nothing_arrives(ws, seconds=0.3):
    try:
        await asyncio.wait_for(ws.recv(), seconds)
        return False
    except asyncio.TimeoutError:
        return True


async def until(condition, timeout=5):
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met within %s s" % timeout)
        await asyncio.sleep(0.02)


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 60))


class Connecting(unittest.TestCase):
    def test_missing_or_invalid_user_id_gets_401_json(self):
        for path in ("/ws", "/ws?user_id=", "/ws?user_id=bad%20id", "/ws?user_id=" + "x" * 129):
            with self.subTest(path=path):
                async def go():
                    with self.assertRaises(websockets.InvalidStatusCode) as refused:
                        await websockets.connect(SERVER.url(path))
                    return refused.exception.status_code
                self.assertEqual(run(go()), 401)
        self.assertGreaterEqual(SERVER.metric("wsc_connections_rejected_total",
                                              {"reason": "unauthorized"}), 4)

    def test_connected_message_names_session_and_user(self):
        async def go():
            ws, hello = await connect("carol")
            self.assertRegex(hello["session_id"], r"^\d+-\d+-\d+$")
            self.assertIsInstance(hello["ts"], int)
            await ws.close()
        run(go())

    def test_per_user_limit_gets_429(self):
        async def go():
            sockets = [(await connect("dave"))[0] for _ in range(3)]
            with self.assertRaises(websockets.InvalidStatusCode) as refused:
                await websockets.connect(SERVER.url("/ws?user_id=dave"))
            self.assertEqual(refused.exception.status_code, 429)
            await sockets[0].close()
            await asyncio.sleep(0.2)
            again, _ = await connect("dave")  # a place was freed
            for ws in sockets[1:] + [again]:
                await ws.close()
        run(go())


class Pushing(unittest.TestCase):
    def test_every_connection_of_a_user_receives_and_nobody_else(self):
        async def go():
            tabs = [(await connect("erin"))[0] for _ in range(3)]
            other, _ = await connect("frank")
            status, body = api("POST", "/api/wsc/send",
                               {"user_id": "erin", "type": "notification",
                                "data": {"title": "Order paid", "items": [1, 2, {"x": None}]}})
            self.assertEqual(status, 200, body)
            self.assertEqual(body["delivered_to"], 3)
            for ws in tabs:
                message = await recv_json(ws)
                self.assertEqual(message["type"], "notification")
                self.assertEqual(message["data"], {"title": "Order paid", "items": [1, 2, {"x": None}]})
                self.assertEqual(message["id"], body["id"])
            self.assertTrue(await nothing_arrives(other))
            for ws in tabs + [other]:
                await ws.close()
        run(go())

    def test_send_to_a_list_of_users_with_an_id(self):
        async def go():
            a, _ = await connect("gina")
            b, _ = await connect("hank")
            status, body = api("POST", "/api/wsc/send",
                               {"user_ids": ["gina", "hank", "nobody"], "type": "t", "id": "my-1"})
            self.assertEqual((status, body["id"], body["delivered_to"]), (200, "my-1", 2))
            for ws in (a, b):
                message = await recv_json(ws)
                self.assertEqual((message["id"], message["data"]), ("my-1", None))
            await a.close()
            await b.close()
        run(go())

    def test_broadcast_reaches_every_connection_exactly_once(self):
        async def go():
            sockets = [(await connect(f"b{i}"))[0] for i in range(40)]
            status, body = api("POST", "/api/wsc/broadcast", {"type": "announcement",
                                                              "data": "maintenance at 5"})
            self.assertEqual(status, 200, body)
            self.assertGreaterEqual(body["delivered_to"], 40)
            for ws in sockets:
                message = await recv_json(ws)
                self.assertEqual((message["type"], message["data"]), ("announcement", "maintenance at 5"))
            for ws in sockets:
                self.assertTrue(await nothing_arrives(ws, 0.05))
                await ws.close()
        run(go())

    def test_large_push_to_a_compressing_client(self):
        async def go():
            ws, _ = await connect("ivy", compression="deflate")
            text = "lorem ipsum " * 2000
            status, _ = api("POST", "/api/wsc/send", {"user_id": "ivy", "type": "doc", "data": text})
            self.assertEqual(status, 200)
            self.assertEqual((await recv_json(ws))["data"], text)
            await ws.close()
        run(go())

    def test_messages_to_one_user_arrive_in_order(self):
        async def go():
            ws, _ = await connect("judy")
            for i in range(50):
                api("POST", "/api/wsc/send", {"user_id": "judy", "type": "n", "data": i})
            for i in range(50):
                self.assertEqual((await recv_json(ws))["data"], i)
            await ws.close()
        run(go())


class ServerApi(unittest.TestCase):
    def test_tokens_are_required(self):
        for token in (None, "wrong-token-000000", TOKEN + "x"):
            with self.subTest(token=token):
                status, body = api("POST", "/api/wsc/broadcast", {"type": "x"}, token=token)
                self.assertEqual(status, 401)
                self.assertEqual(body["error"]["code"], "unauthorized")

    def test_validation_errors_name_the_field(self):
        cases = [
            ({"user_id": "kim"}, "type:"),
            ({"type": "x"}, "user_id or user_ids"),
            ({"user_id": "a", "user_ids": ["b"], "type": "x"}, "user_id or user_ids"),
            ({"user_id": 7, "type": "x"}, "user_id:"),
            ({"user_ids": [], "type": "x"}, "user_ids:"),
            ({"user_ids": ["ok", 3], "type": "x"}, "user_ids:"),
            ({"user_id": "kim", "type": "x", "id": ""}, "id:"),
            ({"user_id": "kim", "type": "t" * 65}, "type:"),
        ]
        for body, field in cases:
            with self.subTest(body=body):
                status, answer = api("POST", "/api/wsc/send", body)
                self.assertEqual(status, 400)
                self.assertEqual(answer["error"]["code"], "invalid_request")
                self.assertTrue(answer["error"]["message"].startswith(field), answer)
        status, answer = api("POST", "/api/wsc/send", raw=b"{not json")
        self.assertEqual(status, 400)
        self.assertTrue(answer["error"]["message"].startswith("body:"))
        status, answer = api("POST", "/api/wsc/send", raw=b"[1,2]")
        self.assertEqual(status, 400)

    def test_online_users_are_paginated_by_cursor(self):
        async def go():
            sockets = [(await connect(f"page-{i:02d}"))[0] for i in range(7)]
            seen, cursor = [], ""
            while True:
                status, body = api("GET", f"/api/wsc/online?limit=3&cursor={cursor}")
                self.assertEqual(status, 200)
                seen += body["users"]
                if body["next_cursor"] is None:
                    break
                cursor = body["next_cursor"]
            mine = [u for u in seen if u.startswith("page-")]
            self.assertEqual(mine, [f"page-{i:02d}" for i in range(7)])
            self.assertEqual(len(seen), len(set(seen)))
            self.assertEqual(api("GET", "/api/wsc/online?limit=0")[0], 400)
            for ws in sockets:
                await ws.close()
        run(go())

    def test_batch_runs_each_command_and_reports_each_result(self):
        async def go():
            ws, _ = await connect("vera")
            status, body = api("POST", "/api/wsc/batch", {"commands": [
                {"op": "send", "user_id": "vera", "type": "first"},
                {"op": "send", "user_id": "vera", "type": ""},
                {"op": "teleport"},
                {"op": "broadcast", "type": "third"},
            ]})
            self.assertEqual(status, 200, body)
            results = body["results"]
            self.assertEqual(results[0]["delivered_to"], 1)
            self.assertTrue(results[1]["error"]["message"].startswith("type:"))
            self.assertTrue(results[2]["error"]["message"].startswith("op:"))
            self.assertIn("all", results[3]["seq"])
            self.assertEqual((await recv_json(ws))["type"], "first")
            self.assertEqual((await recv_json(ws))["type"], "third")
            self.assertEqual(api("POST", "/api/wsc/batch", {"commands": []})[0], 400)
            await ws.close()
        run(go())

    def test_user_details_list_connections(self):
        async def go():
            a, hello_a = await connect("walt", user_agent_header="probe/1.0")
            b, hello_b = await connect("walt")
            status, body = api("GET", "/api/wsc/users/walt")
            self.assertEqual(status, 200)
            self.assertTrue(body["online"])
            ids = sorted(c["session_id"] for c in body["connections"])
            self.assertEqual(ids, sorted([hello_a["session_id"], hello_b["session_id"]]))
            for c in body["connections"]:
                self.assertEqual(c["remote_address"], "127.0.0.1")
                self.assertGreater(c["connected_at"], 0)
            self.assertIn("probe/1.0", [c["user_agent"] for c in body["connections"]])
            await a.close()
            await b.close()
            await asyncio.sleep(0.2)
            self.assertEqual(api("GET", "/api/wsc/users/walt")[1],
                             {"user_id": "walt", "online": False, "connections": []})
            self.assertEqual(api("GET", "/api/wsc/users/bad%20id")[0], 400)
        run(go())

    def test_disconnect_one_session_or_all_of_a_user(self):
        async def go():
            a, hello_a = await connect("xena")
            b, _ = await connect("xena")
            status, body = api("POST", "/api/wsc/disconnect",
                               {"user_id": "xena", "session_id": hello_a["session_id"],
                                "code": 4501, "reason": "moved"})
            self.assertEqual((status, body), (200, {"disconnected": 1}))
            with self.assertRaises(websockets.ConnectionClosed) as closed:
                await asyncio.wait_for(a.recv(), 5)
            self.assertEqual((closed.exception.rcvd.code, closed.exception.rcvd.reason),
                             (4501, "moved"))
            # The server lets go of a once the closing handshake and TCP close are done, which
            # can be a moment after the client saw the close frame.
            await until(lambda: len(api("GET", "/api/wsc/users/xena")[1]["connections"]) == 1)
            status, body = api("POST", "/api/wsc/disconnect", {"user_id": "xena"})
            self.assertEqual(body, {"disconnected": 1})
            with self.assertRaises(websockets.ConnectionClosed) as closed:
                await asyncio.wait_for(b.recv(), 5)
            self.assertEqual(closed.exception.rcvd.code, 4500)
            self.assertEqual(api("POST", "/api/wsc/disconnect",
                                 {"user_id": "xena", "code": 1006})[0], 400)
        run(go())

    def test_stats(self):
        status, body = api("GET", "/api/wsc/stats")
        self.assertEqual(status, 200)
        for key in ("connections", "users", "messages_sent", "messages_received", "uptime_seconds",
                    "queued_messages", "queued_bytes"):
            self.assertIn(key, body)
        self.assertEqual(len(body["workers"]), 2)


class ClientMessages(unittest.TestCase):
    def test_ping_errors_and_the_connection_stays_open(self):
        async def go():
            ws, _ = await connect("lena")
            await ws.send('{"type":"ping"}')
            self.assertEqual((await recv_json(ws))["type"], "pong")
            await ws.send("not json")
            error = await recv_json(ws)
            self.assertEqual((error["type"], error["code"]), ("error", "invalid_json"))
            await ws.send('{"type":"teleport"}')
            self.assertEqual((await recv_json(ws))["code"], "unknown_type")
            await ws.send('{"no":"type"}')
            self.assertEqual((await recv_json(ws))["code"], "missing_type")
            await ws.send('{"type":"ping"}')
            self.assertEqual((await recv_json(ws))["type"], "pong")
            await ws.close()
        run(go())


class ClientToClient(unittest.TestCase):
    def test_send_is_forbidden_by_default(self):
        async def go():
            ws, _ = await connect("yuri")
            await ws.send('{"type":"send","to":"zoe","data":"hi"}')
            self.assertEqual((await recv_json(ws))["code"], "forbidden")
            await ws.close()
        run(go())

    def test_send_between_users_when_permitted(self):
        global SERVER
        saved = SERVER
        with Wscd({"api.tokens": TOKEN, "permissions.client_send": "true"}) as server:
            SERVER = server
            try:
                async def go():
                    alice, _ = await connect("alice")
                    alice_tab2, _ = await connect("alice")
                    bob, _ = await connect("bob")
                    await alice.send(json.dumps({"type": "send", "to": ["bob", "alice"],
                                                 "message_type": "chat", "data": {"text": "hi"}}))
                    answer = await recv_json(alice)
                    self.assertEqual(answer["type"], "sent")
                    self.assertEqual(answer["delivered_to"], 3)  # bob + alice's two tabs
                    got = await recv_json(bob)
                    self.assertEqual((got["type"], got["from"], got["data"]),
                                     ("chat", "alice", {"text": "hi"}))
                    self.assertEqual((await recv_json(alice_tab2))["from"], "alice")
                    self.assertTrue(await nothing_arrives(alice))  # not echoed to the sender's tab
                    await alice.send('{"type":"send","to":"bad id"}')
                    self.assertEqual((await recv_json(alice))["code"], "invalid_send")
                    for ws in (alice, alice_tab2, bob):
                        await ws.close()
                run(go())
            finally:
                SERVER = saved

    def test_acks_are_checked(self):
        async def go():
            ws, _ = await connect("ace")
            await ws.send('{"type":"ack","stream":"user:ace","seq":3}')
            await ws.send('{"type":"ack","stream":"user:someone-else","seq":3}')
            self.assertEqual((await recv_json(ws))["code"], "invalid_ack")
            await ws.send('{"type":"ack","stream":"all","seq":0}')
            self.assertEqual((await recv_json(ws))["code"], "invalid_ack")
            await ws.close()
        run(go())

    def test_repeated_abuse_is_closed_with_4508(self):
        async def go():
            ws, _ = await connect("troll")
            for _ in range(21):
                await ws.send("garbage")
            with self.assertRaises(websockets.ConnectionClosed) as closed:
                while True:
                    await asyncio.wait_for(ws.recv(), 5)
            self.assertEqual(closed.exception.rcvd.code, 4508)
        run(go())

    def test_broadcast_can_exclude_a_user(self):
        async def go():
            a, _ = await connect("excl-a")
            b, _ = await connect("excl-b")
            status, _ = api("POST", "/api/wsc/broadcast",
                            {"type": "x", "exclude_user": "excl-a", "persist": False})
            self.assertEqual(status, 200)
            self.assertEqual((await recv_json(b))["type"], "x")
            self.assertTrue(await nothing_arrives(a))
            await a.close()
            await b.close()
        run(go())


if __name__ == "__main__":
    unittest.main(verbosity=1)
