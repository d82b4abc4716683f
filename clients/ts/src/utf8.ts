/**
 * UTF-8 bytes to text, chunk by chunk: a character split across two chunks is held back
 * until its last byte arrives. Plain ECMAScript, for engines without `TextDecoder`.
 */
export class Utf8Decoder {
  private pending: number[] = [];

  decode(bytes: Uint8Array, stream = true): string {
    let out = '';
    const buf = this.pending;
    this.pending = [];
    const all = buf.length ? concat(buf, bytes) : bytes;
    let i = 0;
    while (i < all.length) {
      const b = all[i];
      const need = b < 0x80 ? 1 : b >= 0xf0 && b < 0xf8 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
      if (need === 0) {
        out += '\ufffd';
        i++;
        continue;
      }
      if (i + need > all.length) {
        if (stream) {
          const rest: number[] = [];
          for (let j = i; j < all.length; j++) rest.push(all[j]);
          this.pending = rest;
        } else {
          out += '\ufffd';
        }
        break;
      }
      let cp = need === 1 ? b : b & (0xff >> (need + 1));
      let bad = false;
      for (let j = 1; j < need; j++) {
        const c = all[i + j];
        if ((c & 0xc0) !== 0x80) {
          bad = true;
          break;
        }
        cp = (cp << 6) | (c & 0x3f);
      }
      if (bad) {
        out += '\ufffd';
        i++;
        continue;
      }
      out += cp > 0xffff ? String.fromCharCode(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff)) : String.fromCharCode(cp);
      i += need;
    }
    return out;
  }
}

function concat(head: number[], tail: Uint8Array): Uint8Array {
  const all = new Uint8Array(head.length + tail.length);
  all.set(head, 0);
  all.set(tail, head.length);
  return all;
}
