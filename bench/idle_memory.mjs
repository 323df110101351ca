// Idle-memory measurement: how much server RSS one idle WebSocket connection costs.
//
// Starts wscd (by path, on 127.0.0.1, port 0), samples its RSS, opens N idle connections from
// several child processes (the open-file limit here is 20,000 per process), samples RSS again
// and reports (after - before) / N. Stops everything it started by PID.
//
// Usage: node bench/idle_memory.mjs [--wscd build/src/wscd] [--connections 19000]
//                                   [--processes 4] [--deflate] [--workers 2]
// Needs the `ws` package: NODE_PATH=tests/integration/node_modules.
import { spawn, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRequire } from 'node:module';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const flag = (name) => args.includes(`--${name}`);

if (process.env.IDLE_MEMORY_CHILD) {
  await runChild();
} else {
  await runParent();
}

function rssKiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]);
}

async function runParent() {
  const wscd = option('wscd', 'build/src/wscd');
  const total = Number(option('connections', '19000'));
  const processes = Number(option('processes', '4'));
  const deflate = flag('deflate');
  const server = spawn(wscd, [
    '--set', 'host=127.0.0.1', '--set', 'port=0', '--set', 'log.level=info',
    '--set', `max_connections=${total + 100}`, '--set', `workers=${option('workers', '2')}`,
    '--set', `compression.enabled=${deflate}`,
  ], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    let text = '';
    server.stdout.on('data', (chunk) => {
      text += chunk;
      const m = /wscd listening on [^ ]+:(\d+)/.exec(text);
      if (m) resolve(Number(m[1]));
    });
    server.on('exit', (code) => reject(new Error(`wscd exited with ${code}`)));
  });
  server.stdout.resume();
  // Warm up: let each worker reach its steady state (pools, first allocations) before the baseline.
  await openAndHold(port, 200, deflate, processes, async () => {});
  await sleep(500);
  const before = rssKiB(server.pid);
  const started = Date.now();
  let after = 0;
  await openAndHold(port, total, deflate, processes, async () => {
    await sleep(3000);
    after = rssKiB(server.pid);
  });
  const perConnection = ((after - before) * 1024) / total;
  const result = {
    connections: total, deflate, rss_before_kib: before, rss_after_kib: after,
    bytes_per_connection: Math.round(perConnection), connect_seconds: (Date.now() - started) / 1000,
  };
  console.log(JSON.stringify(result));
  server.kill('SIGTERM');
  await new Promise((resolve) => server.on('exit', resolve));
}

// Opens `count` connections spread over `processes` children, runs `whileOpen`, closes them.
async function openAndHold(port, count, deflate, processes, whileOpen) {
  const children = [];
  const opened = [];
  for (let i = 0; i < processes; i++) {
    const share = Math.floor(count / processes) + (i < count % processes ? 1 : 0);
    const child = fork(new URL(import.meta.url), [], {
      env: { ...process.env, IDLE_MEMORY_CHILD: '1', PORT: String(port), COUNT: String(share),
             DEFLATE: deflate ? '1' : '' },
    });
    children.push(child);
    opened.push(new Promise((resolve, reject) => {
      child.on('message', (m) => (m.error ? reject(new Error(m.error)) : resolve(m.open)));
    }));
  }
  const counts = await Promise.all(opened);
  const open = counts.reduce((a, b) => a + b, 0);
  if (open !== count) throw new Error(`only ${open} of ${count} connections opened`);
  await whileOpen();
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => c.on('exit', r))));
}

async function runChild() {
  const require = createRequire(import.meta.url);
  const WebSocket = require('ws');
  const port = Number(process.env.PORT);
  const count = Number(process.env.COUNT);
  const concurrency = 200;
  const sockets = [];
  let next = 0;
  const connectOne = () => new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?user_id=idle-${process.pid}-${next}`, {
      perMessageDeflate: process.env.DEFLATE ? { clientNoContextTakeover: true } : false,
    });
    ws.on('open', () => resolve(ws));
    ws.on('error', reject);
  });
  try {
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        sockets.push(await connectOne());
      }
    }));
    process.send({ open: sockets.length });
  } catch (e) {
    process.send({ error: String(e) });
  }
  process.on('SIGTERM', () => process.exit(0));
  setInterval(() => {}, 1 << 30);
}
