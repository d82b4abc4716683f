// Koa 2 + @koa/router + koa-bodyparser (the seed 000 stack) with the bench endpoints.
'use strict';

const Koa = require('koa');
const Router = require('@koa/router');
const bodyParser = require('koa-bodyparser');
const { user, checkPerson, person, sleep, port } = require('./shared');
const { page } = require('./page');

const app = new Koa();
const router = new Router();

function badRequest(ctx, msg) {
  ctx.status = 400;
  ctx.body = { code: 20000, msg };
}

router.get('/api/user/:id', (ctx) => {
  const id = Number(ctx.params.id);
  if (!Number.isSafeInteger(id) || id < 0) return badRequest(ctx, 'id: expected an unsigned integer');
  ctx.body = user(id, ctx.query.fields);
});

router.post('/api/echo', (ctx) => {
  const err = checkPerson(ctx.request.body, 'data');
  if (err) return badRequest(ctx, err);
  ctx.body = person(ctx.request.body);
});

router.post('/api/echo-match', (ctx) => {
  const err = checkPerson(ctx.request.body, 'data');
  if (err) return badRequest(ctx, err);
  const out = person(ctx.request.body);
  const outErr = checkPerson(out, 'response');
  if (outErr) {
    ctx.status = 500;
    ctx.body = { code: 40001, msg: outErr };
    return;
  }
  ctx.body = out;
});

router.get('/api/sleep', async (ctx) => {
  const ms = Number(ctx.query.ms);
  if (!Number.isInteger(ms) || ms < 0) return badRequest(ctx, 'query.ms: expected an unsigned integer');
  await sleep(ms);
  ctx.body = { slept_ms: Math.min(ms, 5000) };
});

router.get('/api/page/:id', async (ctx) => {
  const id = Number(ctx.params.id);
  if (!Number.isSafeInteger(id) || id < 0) return badRequest(ctx, 'id: expected an unsigned integer');
  const { status, body } = await page(id);
  ctx.status = status;
  ctx.body = body;
});

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (e) {
    ctx.status = e.status || 500;
    ctx.body = { code: ctx.status < 500 ? 20000 : 40000, msg: e.message };
  }
});
app.use(bodyParser({ enableTypes: ['json'] }));
app.use(router.routes()).use(router.allowedMethods());

const server = app.listen(port(), '127.0.0.1', () => {
  const { address, port } = server.address();
  console.log(`koa: listening on http://${address}:${port}`);
});
