// Starts a real wscd for node tests on 127.0.0.1 with port 0 (the port is read from its
// "listening on" line) and stops it by the PID we started.
import { spawn } from 'node:child_process';

export async function startWscd(settings = {}) {
  const args = [];
  for (const [key, value] of Object.entries({ host: '127.0.0.1', port: '0', ...settings })) {
    args.push('--set', `${key}=${value}`);
  }
  const child = spawn(process.env.WSCD ?? 'build/src/wscd', args,
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`wscd did not start: ${text}`)), 10000);
    child.stdout.on('data', (chunk) => {
      text += chunk;
      const m = /wscd listening on [^ ]+:(\d+)/.exec(text);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
  });
  child.stdout.resume();
  return {
    port,
    /** SIGTERM, then the exit code. */
    async stop() {
      child.kill('SIGTERM');
      return new Promise((resolve) => child.on('exit', resolve));
    },
  };
}
