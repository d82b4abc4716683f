// The mini-program runtime around an app and its pages, for Node: `App()`, `Page()`,
// `getApp()` and `getCurrentPages()` in the same ECMAScript-only context as the platform
// object (miniprogram.js), the app's files compiled from TypeScript to ES2017 CommonJS
// modules as WeChat's compiler plugin does, and page instances whose `setData` works as WeChat's
// does for top-level keys. Tests call a page's handlers as its WXML bindings would.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { root } from './demo.js';
import { miniProgramContext } from './miniprogram.js';

/**
 * WeChat's module system: each file compiled on its own to CommonJS (TypeScript to
 * ES2017, as the compiler plugin does), one `require`, `module` and `exports` a file, one
 * instance of each module for the whole mini-program (the app and its pages share the
 * client `app.ts` configured).
 */
async function moduleSystem(dir, context) {
  const esbuild = await import(path.join(root, 'clients/ts/node_modules/esbuild/lib/main.js'));
  const cache = new Map();
  const resolve = (from, request) => {
    if (!request.startsWith('.')) throw new Error(`${from}: only relative imports resolve in a mini-program without npm: ${request}`);
    const base = path.resolve(path.dirname(from), request);
    // `./x.js` names x.ts's output, as TypeScript resolves it.
    const compiled = base.endsWith('.js') ? [base.replace(/\.js$/, '.ts')] : [];
    const found = [base, ...compiled, `${base}.ts`, `${base}.js`, path.join(base, 'index.ts'), path.join(base, 'index.js')].find(
      (candidate) => existsSync(candidate) && statSync(candidate).isFile(),
    );
    if (!found) throw new Error(`${from}: cannot find ${request}`);
    return found;
  };
  const load = (file) => {
    const cached = cache.get(file);
    if (cached) return cached.exports;
    const { code } = esbuild.transformSync(readFileSync(file, 'utf8'), {
      loader: file.endsWith('.ts') ? 'ts' : 'js',
      format: 'cjs',
      target: 'es2017',
      sourcefile: file,
    });
    const module = { exports: {} };
    cache.set(file, module);
    const wrapper = vm.runInContext(`(function (exports, require, module) {${code}\n})`, context, { filename: file });
    wrapper(module.exports, (request) => load(resolve(file, request)), module);
    return module.exports;
  };
  return (relative) => load(resolve(path.join(dir, 'app.json'), `./${relative}`));
}

/** A value of the context's realm as a plain value of this one (what setData stores). */
const copy = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/**
 * Launches the mini-program in `dir` (the folder holding app.ts): runs app.ts and calls
 * its `onLaunch`, as WeChat does before the first page. `globals` is the platform object
 * (`{ wx }`). Returns `{ app, context, open(page) }`; `open('pages/index/index')` runs the
 * page's script, makes an instance and calls its `onLoad` (awaited when it returns a
 * promise).
 */
export async function launchMiniProgram(dir, globals) {
  const defined = { app: undefined, pages: [], loading: undefined, definitions: new Map() };
  const context = miniProgramContext({
    ...globals,
    App: (options) => void (defined.app = options),
    // WeChat ties a `Page()` to the file being run: its route.
    Page: (options) => void defined.definitions.set(defined.loading, options),
    getApp: () => defined.app,
    getCurrentPages: () => defined.pages.slice(),
  });
  const require = await moduleSystem(dir, context);
  require('app');
  if (!defined.app) throw new Error('app.ts did not call App()');
  await defined.app.onLaunch?.call(defined.app, { path: '', query: {}, scene: 1001 });

  async function open(route, query = {}) {
    defined.loading = route;
    require(route);
    const options = defined.definitions.get(route);
    if (!options) throw new Error(`${route}.ts did not call Page()`);
    const page = instance(options, route);
    defined.pages.push(page);
    await page.onLoad?.(query);
    return page;
  }
  return { app: defined.app, context, open };
}

/** A page instance: the options' methods bound to it, `data` its own copy, `setData`. */
function instance(options, route) {
  const page = { route, data: copy(options.data ?? {}) };
  for (const [key, value] of Object.entries(options)) {
    if (key !== 'data') page[key] = typeof value === 'function' ? value.bind(page) : value;
  }
  page.setData = (patch, callback) => {
    for (const [key, value] of Object.entries(patch)) {
      // WeChat also takes paths (`'todos[0].done'`); the pages tested here do not use them.
      if (/[.[]/.test(key)) throw new Error(`setData path keys are not simulated: ${key}`);
      page.data[key] = copy(value);
    }
    if (callback) setTimeout(callback);
  };
  return page;
}

/** The event a `bindtap` on an element with these `data-*` attributes delivers. */
export function tap(dataset = {}) {
  const target = { id: '', dataset };
  return { type: 'tap', timeStamp: 0, target, currentTarget: target, detail: { x: 0, y: 0 }, mark: {} };
}

/** The event a `bindinput` of an `<input>` delivers after the user typed `value`. */
export function input(value) {
  const target = { id: '', dataset: {} };
  return { type: 'input', timeStamp: 0, target, currentTarget: target, detail: { value, cursor: value.length, keyCode: 0 }, mark: {} };
}
