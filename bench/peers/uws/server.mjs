// uWebSockets.js hub, the field's speed reference, with the peers' common behaviour:
//   WebSocket /ws?user_id=U    a user's connection; a chat message {"to":"V",...} it sends goes
//                              to V's connections, anything else is echoed back
//   POST /broadcast            body = the message, to every connection  -> {"delivered_to":n}
//   POST /send?user_id=U       body = the message, to U's connections   -> {"delivered_to":n}
// Written the way uWS is meant to be used: broadcast through its built-in pub/sub.
//
// The npm package falls back to plain `ws` when it can't load its addon, silently; we load
// the native addon for this Node ABI ourselves so a fallback can't happen.
//
//   node bench/peers/uws/server.mjs PORT
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const addon = `@trufflesuite/uws-js-unofficial/binaries/uws_${process.platform}_${process.arch}_${process.versions.modules}.node`;
const uWS = require(addon);

const port = Number(process.argv[2] ?? 8082);
const users = new Map();  // user id -> Set of sockets
let connections = 0;

function readBody(res, done) {
  let chunks = [];
  res.onAborted(() => { res.aborted = true; });
  res.onData((chunk, isLast) => {
    chunks.push(Buffer.from(chunk));  // uWS reuses the chunk's memory: copy it
    if (isLast) done(Buffer.concat(chunks));
  });
}

// The user a chat message {"to":"V",...} is for, or null for anything else.
function chatRecipient(message) {
  const bytes = Buffer.from(message);  // a view: uWS owns the memory during the call only
  if (!bytes.toString('latin1', 0, 6).startsWith('{"to":')) return null;
  try {
    return JSON.parse(bytes.toString()).to ?? null;
  } catch {
    return null;
  }
}

function answer(res, delivered) {
  if (!res.aborted) {
    res.cork(() => {
      res.writeHeader('Content-Type', 'application/json').end(`{"delivered_to":${delivered}}`);
    });
  }
}

const app = uWS.App();
app
  .ws('/ws', {
    compression: uWS.DISABLED,
    maxPayloadLength: 1024 * 1024,
    idleTimeout: 120,
    upgrade: (res, req, context) => {
      const user = new URLSearchParams(req.getQuery()).get('user_id');
      if (!user) {
        res.writeStatus('401 Unauthorized').end('{"error":"user_id required"}');
        return;
      }
      res.upgrade({ user }, req.getHeader('sec-websocket-key'),
        req.getHeader('sec-websocket-protocol'), req.getHeader('sec-websocket-extensions'),
        context);
    },
    open: (ws) => {
      const { user } = ws.getUserData();
      if (!users.has(user)) users.set(user, new Set());
      users.get(user).add(ws);
      ws.subscribe('all');
      connections++;
    },
    message: (ws, message, isBinary) => {
      const to = !isBinary && chatRecipient(message);
      if (!to) {
        ws.send(message, isBinary);  // echo
        return;
      }
      const set = users.get(to);
      if (set) for (const other of set) other.send(message, false);
    },
    close: (ws) => {
      const { user } = ws.getUserData();
      const set = users.get(user);
      set.delete(ws);
      if (set.size === 0) users.delete(user);
      connections--;
    },
  })
  .post('/broadcast', (res) => {
    readBody(res, (body) => {
      app.publish('all', body, false);
      answer(res, connections);
    });
  })
  .post('/send', (res, req) => {
    const user = new URLSearchParams(req.getQuery()).get('user_id');
    readBody(res, (body) => {
      const set = users.get(user);
      let delivered = 0;
      if (set) {
        for (const ws of set) {
          ws.send(body, false);
          delivered++;
        }
      }
      answer(res, delivered);
    });
  })
  .listen('127.0.0.1', port, (token) => {
    if (!token) {
      console.error(`uws: cannot listen on ${port}`);
      process.exit(1);
    }
    console.log(`uws listening on 127.0.0.1:${port}`);
  });
