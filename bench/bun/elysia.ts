// Bun + Elysia with its own schema validation (TypeBox, compiled), the bench endpoints.
// Validation failures are answered in the benchmark's shape (400, code 20000) instead of
// Elysia's default 422, as an app sharing one error shape with its peers would.
import { Elysia, t } from 'elysia';
import { user, person, sleep, port } from '../node/shared.js';
import { page } from '../node/page.js';

const Person = t.Object({
  name: t.String({ minLength: 1, maxLength: 50 }),
  age: t.Integer({ minimum: 0, maximum: 150 }),
  tags: t.Array(t.String()),
});
const Id = t.Object({ id: t.Numeric({ minimum: 0 }) });

const app = new Elysia()
  .onError(({ code, error, set }) => {
    if (code === 'VALIDATION') {
      const response = error.type === 'response';
      set.status = response ? 500 : 400;
      const first = error.valueError;
      const msg = first ? `${error.type}${first.path}: ${first.message}` : `${error.type}: invalid`;
      return { code: response ? 40001 : 20000, msg };
    }
    if (code === 'NOT_FOUND') {
      set.status = 404;
      return { code: 20005, msg: 'not found' };
    }
    set.status = 500;
    return { code: 40000, msg: 'Internal server error' };
  })
  .get('/api/user/:id', ({ params, query }) => user(params.id, query.fields), {
    params: Id,
    query: t.Object({ fields: t.Optional(t.String()) }),
  })
  .post('/api/echo', ({ body }) => person(body), { body: Person })
  .post('/api/echo-match', ({ body }) => person(body), { body: Person, response: Person })
  .get('/api/sleep', async ({ query }) => {
    await sleep(query.ms);
    return { slept_ms: Math.min(query.ms, 5000) };
  }, { query: t.Object({ ms: t.Numeric({ minimum: 0 }) }) })
  .get('/api/page/:id', async ({ params, set }) => {
    const { status, body } = await page(params.id);
    set.status = status;
    return body;
  }, { params: Id })
  .listen({ port: port(), hostname: '127.0.0.1' });

console.log(`elysia: listening on http://${app.server.hostname}:${app.server.port}`);
