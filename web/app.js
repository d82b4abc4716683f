// Three independent calls through the generated client (web/api.ts); @bffkit/client merges
// them into one POST /api/_batch and streams the answers back.
import { getHello, getUserInfoByUsername, getUserList } from '/api.js';

const calls = {
  hello: getHello({ query: { name: 'browser' } }).then((r) => r.message),
  info: getUserInfoByUsername('ann').then((r) => r.greeting),
  list: getUserList({ query: { page: 2 } }).then((r) => r.users.join(', ')),
};

for (const [id, result] of Object.entries(calls)) {
  const el = document.getElementById(id);
  result.then(
    (text) => { el.textContent = text; },
    (e) => { el.textContent = `error ${e.status} ${e.code}: ${e.message}`; },
  );
}

Promise.allSettled(Object.values(calls)).then(() => { document.body.dataset.done = 'true'; });
