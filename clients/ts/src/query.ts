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
  for (const pair of path.slice(q + 1).split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    append(out, decodeForm(key), eq < 0 ? '' : decodeForm(pair.slice(eq + 1)));
  }
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
  const pairs: string[] = [];
  const keys = Object.keys(query);
  if (sortKeys) keys.sort();
  for (const key of keys) {
    const v = query[key];
    for (const item of Array.isArray(v) ? v : [v]) pairs.push(encodeForm(key) + '=' + encodeForm(item));
  }
  return pairs.join('&');
}

/**
 * `application/x-www-form-urlencoded` encoding, as `URLSearchParams` does it (space as
 * `+`; `*-._` left alone), on plain ECMAScript.
 */
export function encodeForm(text: string): string {
  return encodeURIComponent(text).replace(/[!'()~]|%20/g, (c) => (c === '%20' ? '+' : '%' + c.charCodeAt(0).toString(16).toUpperCase()));
}

function decodeForm(text: string): string {
  const plain = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plain);
  } catch {
    return plain; // a stray `%` stays as it is, as URLSearchParams leaves it
  }
}

/** A form record as urlencoded text: arrays as repeated keys, objects as JSON. */
export function encodeFormRecord(record: Record<string, unknown>): string {
  const pairs: string[] = [];
  for (const [name, value] of formEntries(record)) pairs.push(encodeForm(name) + '=' + encodeForm(value));
  return pairs.join('&');
}

/** A form record's fields as `[name, text]`: arrays repeat the name, null/undefined drop out. */
function formEntries(record: Record<string, unknown>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const name of Object.keys(record)) {
    const field = record[name];
    for (const item of Array.isArray(field) ? field : [field]) {
      if (item === undefined || item === null) continue;
      out.push([name, typeof item === 'object' ? JSON.stringify(item) : String(item)]);
    }
  }
  return out;
}
