import test from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter } from '../dist/ndjson.js';
import { Utf8Decoder } from '../dist/utf8.js';

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

/** Bytes in chunks of `sizes` (cycled) through the runtime's own decoder and splitter. */
function decodeLines(bytes, sizes) {
  const decoder = new Utf8Decoder();
  const splitter = new LineSplitter();
  const got = [];
  let pos = 0;
  for (let k = 0; pos < bytes.length; k++) {
    const n = sizes[k % sizes.length];
    got.push(...splitter.push(decoder.decode(bytes.subarray(pos, pos + n))));
    pos += n;
  }
  got.push(...splitter.push(decoder.decode(new Uint8Array(0), false)), ...splitter.end());
  return got;
}

test('byte chunks splitting multi-byte UTF-8 characters decode as TextDecoder does', () => {
  const bytes = new TextEncoder().encode(lines.join('\n'));
  for (const sizes of [[1], [2], [3], [5, 1, 7], [1000]]) {
    const got = decodeLines(bytes, sizes);
    assert.deepEqual(got, lines, `chunk sizes ${sizes}`);
    assert.deepEqual(got.map((l) => JSON.parse(l).index), [0, 1, 2]);
  }
});

test('the UTF-8 decoder agrees with TextDecoder on every code point class and on bad bytes', () => {
  const text = 'a\u007f\u0080\u07ff\u0800\uffff\u{10000}\u{10ffff}é漢字🎉';
  const bytes = new TextEncoder().encode(text);
  for (let cut = 0; cut <= bytes.length; cut++) {
    const d = new Utf8Decoder();
    assert.equal(d.decode(bytes.subarray(0, cut)) + d.decode(bytes.subarray(cut), false), text, `cut at ${cut}`);
  }
  const bad = new Uint8Array([0x61, 0xff, 0x62, 0xc3, 0x28, 0xe2, 0x82]);
  assert.equal(new Utf8Decoder().decode(bad, false), new TextDecoder().decode(bad));
});

test('a line is complete before the stream has ended', () => {
  const decoder = new Utf8Decoder();
  const splitter = new LineSplitter();
  assert.deepEqual(splitter.push(decoder.decode(new TextEncoder().encode('first\nsec'))), ['first']);
  assert.deepEqual(splitter.push(decoder.decode(new TextEncoder().encode('ond\n'))), ['second']);
  assert.deepEqual(splitter.end(), []);
});
