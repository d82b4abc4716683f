// Starts the real demo server binary (target/debug/bffkit-demo, built by `cargo test`)
// on an ephemeral port and reads its request counters.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The built @bffkit/client (`npm run build` in clients/ts). */
export async function loadClient() {
  const entry = path.join(root, 'clients/ts/dist/index.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` in clients/ts first`);
  return import(pathToFileURL(entry).href);
}

export async function startDemo(env = {}) {
  const bin = process.env.BFFKIT_DEMO_BIN ?? path.join(root, 'target/debug/bffkit-demo');
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`cargo build\` (or \`cargo test\`) first`);
  const child = spawn(bin, [], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', RUST_BACKTRACE: '0', ...env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = once(child, 'exit');
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the demo did not print its address within 30 s')), 30_000);
    child.once('error', reject);
    exited.then(([code]) => reject(new Error(`the demo exited early with ${code}`)), () => {});
    // Keep draining stdout after the address line so the server never blocks on it.
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^bffkit: listening on (https?:\/\/\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  return {
    base,
    /** `{http: {path: n}, batched: {path: n}}` since the last reset. */
    async counts() {
      return (await fetch(base + '/api/debug/requests')).json();
    },
    async resetCounts() {
      await fetch(base + '/api/debug/requests', { method: 'DELETE' });
    },
    /** Sends SIGTERM and resolves with the exit code once the process is gone. */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited.catch(() => {});
      }
      return child.exitCode;
    },
  };
}

/** How many times the handler at `path` ran: direct requests plus batched calls. */
export function executions(counts, path) {
  return (counts.http[path] ?? 0) + (counts.batched[path] ?? 0);
}

/** Every handler run, all paths together (the batch endpoint itself excluded). */
export function totalExecutions(counts) {
  let n = 0;
  for (const [p, c] of Object.entries(counts.http)) if (!p.endsWith('/_batch')) n += c;
  for (const c of Object.values(counts.batched)) n += c;
  return n;
}
