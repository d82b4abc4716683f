// Bun + Hono with hono/validator running the benchmark's hand-written checks, the bench
// endpoints; served by Bun.serve.
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { validator } from 'hono/validator';
import { user, checkPerson, person, sleep, port } from '../node/shared.js';
import { page } from '../node/page.js';

const app = new Hono();

const badRequest = (c, msg) => c.json({ code: 20000, msg }, 400);
const id = (c) => {
  const n = Number(c.req.param('id'));
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
};
const checkedPerson = validator('json', (value, c) => {
  const err = checkPerson(value, 'data');
  return err ? badRequest(c, err) : value;
});

app.get('/api/user/:id', (c) => {
  const n = id(c);
  if (n === null) return badRequest(c, 'id: expected an unsigned integer');
  return c.json(user(n, c.req.query('fields')));
});

app.post('/api/echo', checkedPerson, (c) => c.json(person(c.req.valid('json'))));

app.post('/api/echo-match', checkedPerson, (c) => {
  const out = person(c.req.valid('json'));
  const err = checkPerson(out, 'response');
  if (err) return c.json({ code: 40001, msg: err }, 500);
  return c.json(out);
});

app.get('/api/sleep', async (c) => {
  const ms = Number(c.req.query('ms'));
  if (!Number.isInteger(ms) || ms < 0) return badRequest(c, 'query.ms: expected an unsigned integer');
  await sleep(ms);
  return c.json({ slept_ms: Math.min(ms, 5000) });
});

app.get('/api/page/:id', async (c) => {
  const n = id(c);
  if (n === null) return badRequest(c, 'id: expected an unsigned integer');
  const { status, body } = await page(n);
  return c.json(body, status);
});

app.onError((err, c) => {
  if (err instanceof HTTPException) return c.json({ code: 20000, msg: err.message }, err.status);
  return c.json({ code: 40000, msg: 'Internal server error' }, 500);
});

const server = Bun.serve({ port: port(), hostname: '127.0.0.1', fetch: app.fetch });
console.log(`hono: listening on http://127.0.0.1:${server.port}`);
