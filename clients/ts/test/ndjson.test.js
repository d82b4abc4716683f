import test from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter, readLines } from '../dist/ndjson.js';

const lines = ['{"index":0,"status":200,"body":{"a":1}}', '{"index":1,"status":404,"body":{"code":4,"msg":"x"}}', '{"index":2,"status":200,"body":"é漢字🎉"}'];

function splitAll(chunks) {
  const s = new LineSplitter();
  const out = [];
  for (const c of chunks) out.push(...s.push(c));
  out.push(...s.end());
  return out;
}

test('every single split point gives the same lines', () => {
  const text = lines.join('\n') + '\n';
  for (let i = 0; i <= text.length; i++) {
    assert.deepEqual(splitAll([text.slice(0, i), text.slice(i)]), lines, `split at ${i}`);
  }
});

test('every pair of split points, with and without trailing newline', () => {
  for (const text of [lines.join('\n') + '\n', lines.join('\n')]) {
    for (let i = 0; i <= text.length; i += 3) {
      for (let j = i; j <= text.length; j += 5) {
        assert.deepEqual(splitAll([text.slice(0, i), text.slice(i, j), text.slice(j)]), lines);
      }
    }
  }
});

test('one character at a time, CRLF, blank lines, several lines per chunk', () => {
  const text = '\r\n' + lines.join('\r\n') + '\n\n';
  assert.deepEqual(splitAll([...text]), lines);
  assert.deepEqual(splitAll([text]), lines);
  assert.deepEqual(splitAll(['', text, '']), lines);
});

test('trailing line without newline is emitted only by end()', () => {
  const s = new LineSplitter();
  assert.deepEqual(s.push('a\nb'), ['a']);
  assert.deepEqual(s.push('c'), []);
  assert.deepEqual(s.end(), ['bc']);
  assert.deepEqual(s.end(), []);
});

function byteStream(bytes, sizes) {
  let pos = 0;
  let k = 0;
  return new ReadableStream({
    pull(ctrl) {
      if (pos >= bytes.length) return ctrl.close();
      const n = sizes[k++ % sizes.length];
      ctrl.enqueue(bytes.subarray(pos, pos + n));
      pos += n;
    },
  });
}

test('readLines: byte chunks splitting multi-byte UTF-8 characters', async () => {
  const bytes = new TextEncoder().encode(lines.join('\n'));
  for (const sizes of [[1], [2], [3], [5, 1, 7], [1000]]) {
    const got = [];
    for await (const l of readLines(byteStream(bytes, sizes))) got.push(l);
    assert.deepEqual(got, lines, `chunk sizes ${sizes}`);
    assert.deepEqual(got.map((l) => JSON.parse(l).index), [0, 1, 2]);
  }
});

test('readLines yields a line before the stream has ended', async () => {
  let ctrl;
  const stream = new ReadableStream({ start: (c) => (ctrl = c) });
  const it = readLines(stream);
  ctrl.enqueue(new TextEncoder().encode('first\nsec'));
  assert.deepEqual(await it.next(), { value: 'first', done: false });
  ctrl.enqueue(new TextEncoder().encode('ond\n'));
  assert.deepEqual(await it.next(), { value: 'second', done: false });
  ctrl.close();
  assert.equal((await it.next()).done, true);
});
