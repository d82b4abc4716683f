// Minified + gzipped size of the runtime per target: each entry bundled alone with esbuild
// (ES2017, everything it imports, nothing else), then gzip -9. Fails above 10 kB.
// Usage: node scripts/size.mjs [--json]
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..');
const LIMIT = 10 * 1024;
const rows = [];
for (const [target, entry] of [['web', 'index.ts'], ['wechat', 'wechat.ts'], ['alipay', 'alipay.ts']]) {
  const out = await build({
    entryPoints: [path.join(root, 'src', entry)],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2017',
    write: false,
    logLevel: 'silent',
  });
  const code = out.outputFiles[0].contents;
  rows.push({ target, minified: code.length, gzipped: gzipSync(code, { level: 9 }).length });
}
if (process.argv.includes('--json')) console.log(JSON.stringify(rows));
else for (const r of rows) console.log(`${r.target.padEnd(7)} ${r.minified} B minified, ${r.gzipped} B minified+gzipped`);
const over = rows.filter((r) => r.gzipped > LIMIT);
if (over.length) {
  console.error(`over ${LIMIT} B gzipped: ${over.map((r) => r.target).join(', ')}`);
  process.exit(1);
}
