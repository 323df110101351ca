// node `ws` hub, the most used Node WebSocket server, with the peers' common behaviour:
//   WebSocket /ws?user_id=U    a user's connection; a chat message {"to":"V",...} it sends goes
//                              to V's connections, anything else is echoed back
//   POST /broadcast            body = the message, to every connection  -> {"delivered_to":n}
//   POST /send?user_id=U       body = the message, to U's connections   -> {"delivered_to":n}
//
//   node bench/peers/ws/server.mjs PORT
import http from 'node:http';
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2] ?? 8084);
const users = new Map();  // user id -> Set of sockets
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

function answer(res, delivered) {
  const body = `{"delivered_to":${delivered}}`;
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
  res.end(body);
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (req.method === 'POST' && url.pathname === '/broadcast') {
    const body = await readBody(req);
    for (const ws of wss.clients) ws.send(body, { binary: false });
    answer(res, wss.clients.size);
  } else if (req.method === 'POST' && url.pathname === '/send') {
    const body = await readBody(req);
    const set = users.get(url.searchParams.get('user_id'));
    if (set) for (const ws of set) ws.send(body, { binary: false });
    answer(res, set ? set.size : 0);
  } else {
    res.writeHead(404, { 'Content-Length': 0 });
    res.end();
  }
});
server.keepAliveTimeout = 120000;

// The user a chat message {"to":"V",...} is for, or null for anything else.
function chatRecipient(data) {
  if (!data.toString('latin1', 0, 6).startsWith('{"to":')) return null;
  try {
    return JSON.parse(data).to ?? null;
  } catch {
    return null;
  }
}

server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url, 'http://localhost');
  const user = url.searchParams.get('user_id');
  if (url.pathname !== '/ws' || !user) {
    socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    if (!users.has(user)) users.set(user, new Set());
    users.get(user).add(ws);
    ws.on('message', (data, isBinary) => {
      const to = !isBinary && chatRecipient(data);
      if (!to) {
        ws.send(data, { binary: isBinary });  // echo
        return;
      }
      const set = users.get(to);
      if (set) for (const other of set) other.send(data, { binary: false });
    });
    ws.on('close', () => {
      const set = users.get(user);
      set.delete(ws);
      if (set.size === 0) users.delete(user);
    });
  });
});

server.listen(port, '127.0.0.1', () => console.log(`ws listening on 127.0.0.1:${port}`));
