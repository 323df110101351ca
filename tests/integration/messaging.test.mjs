// Messaging with node `ws` clients (a client nobody here wrote): several connections per user,
// broadcast exactly once, resume by query and by message, client messages, API auth.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startWscd } from './wscd.mjs';

const require = createRequire(import.meta.url);
const WebSocket = require('ws');
const TOKEN = 'node-messaging-token';

let server;

before(async () => {
  server = await startWscd({ 'api.tokens': TOKEN, workers: '2' });
});

after(async () => {
  assert.equal(await server.stop(), 0, 'wscd exits 0 on SIGTERM');
});

async function api(path, body, token = TOKEN) {
  const response = await fetch(`http://127.0.0.1:${server.port}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** A client that queues every JSON message it gets, for next() to take in order. */
class Client {
  static async open(query, options = {}) {
    const client = new Client();
    client.ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?${query}`, options);
    client.queue = [];
    client.waiters = [];
    client.ws.on('message', (data) => {
      const message = JSON.parse(data.toString());
      const waiter = client.waiters.shift();
      if (waiter) waiter(message); else client.queue.push(message);
    });
    await new Promise((resolve, reject) => {
      client.ws.once('open', resolve);
      client.ws.once('error', reject);
    });
    return client;
  }

  next(timeoutMs = 5000) {
    if (this.queue.length > 0) return Promise.resolve(this.queue.shift());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no message in time')), timeoutMs);
      this.waiters.push((message) => { clearTimeout(timer); resolve(message); });
    });
  }

  async close() {
    this.ws.close();
    await new Promise((resolve) => this.ws.once('close', resolve));
  }
}

test('every connection of a user receives a send, compressed or not', async () => {
  const tabs = [
    await Client.open('user_id=nina'),
    await Client.open('user_id=nina', { perMessageDeflate: { threshold: 0 } }),
    await Client.open('user_id=nina'),
  ];
  assert.ok(tabs[1].ws.extensions.includes('permessage-deflate'));
  for (const tab of tabs) assert.equal((await tab.next()).type, 'connected');
  const big = 'z'.repeat(5000);  // over compression.min_size: sent compressed to tab 1
  const { status, body } = await api('/api/wsc/send',
    { user_id: 'nina', type: 'note', data: { text: big } });
  assert.equal(status, 200);
  assert.equal(body.delivered_to, 3);
  for (const tab of tabs) {
    const message = await tab.next();
    assert.deepEqual([message.type, message.data.text, message.stream, message.seq],
      ['note', big, 'user:nina', body.seq['user:nina']]);
  }
  await Promise.all(tabs.map((tab) => tab.close()));
});

test('a broadcast reaches every connection exactly once', async () => {
  const clients = [];
  for (let i = 0; i < 20; i++) clients.push(await Client.open(`user_id=b${i % 7}`));
  for (const client of clients) await client.next();  // connected
  const { body } = await api('/api/wsc/broadcast', { type: 'news', data: 42 });
  assert.equal(body.delivered_to, 20);
  for (const client of clients) {
    const message = await client.next();
    assert.deepEqual([message.type, message.data, message.stream], ['news', 42, 'all']);
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (const client of clients) assert.equal(client.queue.length, 0, 'nothing twice');
  await Promise.all(clients.map((client) => client.close()));
});

test('resume by query and by message returns exactly the missed messages', async () => {
  const first = await Client.open('user_id=omar');
  await first.next();
  await api('/api/wsc/send', { user_id: 'omar', type: 'n', data: 1 });
  const seen = (await first.next()).seq;
  await first.close();
  for (const data of [2, 3]) await api('/api/wsc/send', { user_id: 'omar', type: 'n', data });

  const byQuery = await Client.open(`user_id=omar&resume=user:omar:${seen}`);
  assert.equal((await byQuery.next()).type, 'connected');
  assert.deepEqual([(await byQuery.next()).data, (await byQuery.next()).data], [2, 3]);
  const summary = await byQuery.next();
  assert.deepEqual([summary.type, summary.recovered], ['resume', true]);
  await byQuery.close();

  const byMessage = await Client.open('user_id=omar&resume=message');
  assert.equal((await byMessage.next()).type, 'connected');
  await api('/api/wsc/send', { user_id: 'omar', type: 'n', data: 4 });  // held until resume
  byMessage.ws.send(JSON.stringify({ type: 'resume', streams: { 'user:omar': seen + 1 } }));
  assert.deepEqual([(await byMessage.next()).data, (await byMessage.next()).data], [3, 4]);
  assert.equal((await byMessage.next()).recovered, true);
  await api('/api/wsc/send', { user_id: 'omar', type: 'n', data: 5 });
  assert.equal((await byMessage.next()).data, 5);
  await byMessage.close();
});

test('client messages: ping, invalid JSON, unknown type; the connection stays', async () => {
  const client = await Client.open('user_id=pia');
  await client.next();
  client.ws.send('{"type":"ping"}');
  assert.equal((await client.next()).type, 'pong');
  client.ws.send('not json');
  const error = await client.next();
  assert.deepEqual([error.type, error.code], ['error', 'invalid_json']);
  client.ws.send('{"type":"dance"}');
  assert.equal((await client.next()).code, 'unknown_type');
  client.ws.send('{"type":"ping"}');
  assert.equal((await client.next()).type, 'pong');
  await client.close();
});

test('the API refuses a wrong token and a connection without a user id', async () => {
  const { status, body } = await api('/api/wsc/send', { user_id: 'x', type: 'n' }, 'wrong-token');
  assert.equal(status, 401);
  assert.equal(body.error.code, 'unauthorized');
  await assert.rejects(Client.open(''), /401/);
});
