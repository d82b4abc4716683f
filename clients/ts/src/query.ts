export type QueryValue = string | number | boolean | bigint | null;
export type Query = Record<string, QueryValue | QueryValue[] | undefined>;
/** Wire form of a query: every value a string or an array of strings. */
export type WireQuery = Record<string, string | string[]>;

/** Drops undefined/null (and empty arrays), stringifies numbers/booleans. */
export function normalizeQuery(query: Query | undefined): WireQuery | undefined {
  if (!query) return undefined;
  const out: WireQuery = {};
  let any = false;
  for (const key of Object.keys(query)) {
    const v = query[key];
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) {
      const items = v.filter((x) => x !== undefined && x !== null).map(String);
      if (items.length === 0) continue;
      out[key] = items;
    } else {
      out[key] = String(v);
    }
    any = true;
  }
  return any ? out : undefined;
}

/** Merges a query string embedded in `path` into the explicit query. */
export function splitPath(path: string, query: WireQuery | undefined): { path: string; query: WireQuery | undefined } {
  const q = path.indexOf('?');
  if (q < 0) return { path, query };
  const out: WireQuery = {};
  new URLSearchParams(path.slice(q + 1)).forEach((value, key) => append(out, key, value));
  if (query) {
    for (const key of Object.keys(query)) {
      const v = query[key];
      for (const item of Array.isArray(v) ? v : [v]) append(out, key, item);
    }
  }
  return { path: path.slice(0, q), query: Object.keys(out).length ? out : undefined };
}

function append(out: WireQuery, key: string, value: string): void {
  const cur = out[key];
  if (cur === undefined) out[key] = value;
  else if (Array.isArray(cur)) cur.push(value);
  else out[key] = [cur, value];
}

/** `a=1&b=x&b=y`, without the leading `?`; repeated keys for arrays. */
export function encodeQuery(query: WireQuery | undefined, sortKeys = false): string {
  if (!query) return '';
  const params = new URLSearchParams();
  const keys = Object.keys(query);
  if (sortKeys) keys.sort();
  for (const key of keys) {
    const v = query[key];
    for (const item of Array.isArray(v) ? v : [v]) params.append(key, item);
  }
  return params.toString();
}
