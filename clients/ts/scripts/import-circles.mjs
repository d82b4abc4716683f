#!/usr/bin/env node
// Import circles between the modules of a TypeScript folder (default src/): a module
// imports another when it has `import … from './x.js'` or `export … from './x.js'`,
// `import type` included (a type circle is still a design circle). Prints each circle
// with its edges; exits 1 when there is one. Usage: node scripts/import-circles.mjs [DIR]
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? path.join(import.meta.dirname, '..', 'src');
const edges = new Map();
for (const name of readdirSync(dir)) {
  if (!name.endsWith('.ts') || name.endsWith('.d.ts')) continue;
  const module = name.slice(0, -3);
  const text = readFileSync(path.join(dir, name), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
  const targets = new Set();
  for (const m of text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+['"]\.\/([\w.-]+)\.js['"]/gm)) targets.add(m[1]);
  edges.set(module, targets);
}

// Tarjan's strongly connected components: every component of more than one module is a circle.
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const circles = [];
function visit(v) {
  index.set(v, index.size);
  low.set(v, index.get(v));
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v) ?? []) {
    if (!index.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) {
      low.set(v, Math.min(low.get(v), index.get(w)));
    }
  }
  if (low.get(v) === index.get(v)) {
    const circle = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      circle.push(w);
    } while (w !== v);
    if (circle.length > 1 || edges.get(v)?.has(v)) circles.push(circle.sort());
  }
}
for (const v of [...edges.keys()].sort()) if (!index.has(v)) visit(v);

for (const circle of circles) {
  console.log('circle:', circle.join(' '));
  for (const a of circle) for (const b of edges.get(a)) if (circle.includes(b)) console.log(`  ${a}.ts -> ${b}.ts`);
}
if (circles.length) process.exit(1);
console.log(`no import circles in ${dir} (${edges.size} modules)`);
