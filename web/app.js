// Three independent calls; the client merges them into one POST /api/_batch.
import { createClient } from '/_client/index.js';

const client = createClient();

const calls = {
  hello: client.call({ method: 'GET', path: '/api/hello', query: { name: 'browser' } }).then((r) => r.message),
  info: client.call({ method: 'GET', path: '/api/user/ann/info' }).then((r) => r.greeting),
  list: client.call({ method: 'GET', path: '/api/user/list', query: { page: 2 } }).then((r) => r.users.join(', ')),
};

for (const [id, result] of Object.entries(calls)) {
  const el = document.getElementById(id);
  result.then(
    (text) => { el.textContent = text; },
    (e) => { el.textContent = `error ${e.status} ${e.code}: ${e.message}`; },
  );
}

Promise.allSettled(Object.values(calls)).then(() => { document.body.dataset.done = 'true'; });
