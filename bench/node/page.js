// Endpoint (d) for the JavaScript stacks: the user, their orders and recommendations from
// three upstream services, called at once with the runtime's built-in fetch (undici on
// Node, Bun's own on Bun) and merged into one answer. A failure becomes the benchmark's
// one upstream error shape (bffkit's): 502 {code: 30000, msg, data: {data: <upstream
// body>, status}}, 504 and 30001 for a timeout.
'use strict';

const TIMEOUT_MS = 1000; // per call, the same for every contender
const MSG = 'Third-party service error!';

const base = (name) => process.env[`UPSTREAM_${name}_URL`] ?? 'http://127.0.0.1:9';
const SERVICES = {
  users: base('USERS'),
  orders: base('ORDERS'),
  recommendations: base('RECOMMENDATIONS'),
};

class UpstreamFailure extends Error {
  constructor(status, code, data) {
    super(MSG);
    this.status = status;
    this.body = { code, msg: MSG, data };
  }
}

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function call(service, path) {
  let res;
  let text;
  try {
    res = await fetch(SERVICES[service] + path, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    text = await res.text();
  } catch (e) {
    if (e.name === 'TimeoutError') {
      throw new UpstreamFailure(504, 30001, {
        data: `${service}: no answer within ${TIMEOUT_MS} ms`, status: null,
      });
    }
    const what = res === undefined ? 'could not connect' : 'connection failed';
    throw new UpstreamFailure(502, 30000, { data: `${service}: ${what}`, status: null });
  }
  const body = parse(text);
  if (!res.ok || typeof body === 'string') {
    throw new UpstreamFailure(502, 30000, { data: body, status: res.status });
  }
  return body;
}

// Resolves to {status, body}: the merged page, or the first failure in the order user,
// orders, recommendations.
async function page(id) {
  const settled = await Promise.allSettled([
    call('users', `/users/${id}`),
    call('orders', `/orders?user=${id}`),
    call('recommendations', `/recommendations?user=${id}`),
  ]);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) {
    const e = failed.reason;
    if (e instanceof UpstreamFailure) return { status: e.status, body: e.body };
    throw e;
  }
  const [user, orders, recommendations] = settled.map((s) => s.value);
  return {
    status: 200,
    body: {
      user: { id: user.id, name: user.name, email: user.email },
      orders: orders.map((o) => ({ id: o.id, total_cents: o.total_cents, status: o.status })),
      orders_total_cents: orders.reduce((sum, o) => sum + o.total_cents, 0),
      recommendations: recommendations.map((r) => ({
        sku: r.sku, title: r.title, price_cents: r.price_cents,
      })),
    },
  };
}

module.exports = { page };
