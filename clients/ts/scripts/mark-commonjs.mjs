// dist/miniprogram is CommonJS (what WeChat's "build npm" copies through the package's
// `miniprogram` field) inside a `"type": "module"` package: say so for Node and bundlers.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

writeFileSync(path.join(import.meta.dirname, '..', 'dist/miniprogram/package.json'), '{ "type": "commonjs" }\n');
