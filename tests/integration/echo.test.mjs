// wscd against node `ws` (the most used Node WebSocket library): echo with and without
// permessage-deflate, fragmented sends, binary, ping/pong, close code and reason.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { startWscd } from './wscd.mjs';

const require = createRequire(import.meta.url);
const WebSocket = require('ws');

let server;
let port;

before(async () => {
  server = await startWscd({ 'ws.echo_path': '/echo', max_connections: '1000' });
  port = server.port;
});

after(async () => {
  assert.equal(await server.stop(), 0, 'wscd exits 0 on SIGTERM');
});

function connect(options = {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/echo`, options);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function nextMessage(ws) {
  return new Promise((resolve) => ws.once('message', (data, isBinary) => resolve({ data, isBinary })));
}

for (const perMessageDeflate of [false, { threshold: 0 }]) {
  const label = perMessageDeflate ? 'with permessage-deflate' : 'without compression';

  test(`text and binary echo ${label}`, async () => {
    const ws = await connect({ perMessageDeflate });
    assert.equal(ws.extensions.includes('permessage-deflate'), Boolean(perMessageDeflate));
    for (const message of ['hello', 'κόσμε', 'x'.repeat(100000)]) {
      const reply = nextMessage(ws);
      ws.send(message);
      const { data, isBinary } = await reply;
      assert.equal(isBinary, false);
      assert.equal(data.toString(), message);
    }
    const binary = randomBytes(200000);
    const reply = nextMessage(ws);
    ws.send(binary);
    const { data, isBinary } = await reply;
    assert.equal(isBinary, true);
    assert.deepEqual(Buffer.from(data), binary);
    ws.close();
  });

  test(`fragmented send is reassembled ${label}`, async () => {
    const ws = await connect({ perMessageDeflate });
    const reply = nextMessage(ws);
    ws.send('frag', { fin: false });
    ws.send('men', { fin: false });
    ws.send('ted', { fin: true });
    assert.equal((await reply).data.toString(), 'fragmented');
    ws.close();
  });
}

test('ping gets a pong with the same payload', async () => {
  const ws = await connect();
  const pong = new Promise((resolve) => ws.once('pong', resolve));
  ws.ping(Buffer.from('payload'));
  assert.equal((await pong).toString(), 'payload');
  ws.close();
});

test('close code and reason round trip', async () => {
  const ws = await connect();
  const closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason })));
  ws.close(4002, 'bye now');
  const { code, reason } = await closed;
  assert.equal(code, 4002);
  assert.equal(reason.toString(), 'bye now');
});

test('oversized message is refused with 1009', async () => {
  const ws = await connect();
  const closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
  ws.send(Buffer.alloc(1024 * 1024 + 1));
  assert.equal(await closed, 1009);
});
