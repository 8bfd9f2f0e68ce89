// The subset of canonical CBOR Heard signs and hashes (docs/PROTOCOL.md §1): unsigned
// integers in the shortest head, byte strings, text strings, arrays, and maps whose keys are
// the unsigned integers 0, 1, 2, … in increasing order; definite lengths only; no floats,
// tags or negative integers.
//
// Values: a Number or BigInt is a uint, a Uint8Array a byte string, a string a text string,
// an Array an array, a Map (integer keys) a structure map. `decode` gives uints as BigInt and
// accepts only bytes whose re-encoding is byte-identical.

import { concat, equal, utf8, fromUtf8 } from './bytes.js';

function head(major, n) {
  const v = BigInt(n);
  if (v < 0n) throw new Error('negative integers are not used');
  const m = major << 5;
  if (v < 24n) return Uint8Array.of(m | Number(v));
  if (v < 0x100n) return Uint8Array.of(m | 24, Number(v));
  if (v < 0x10000n) return Uint8Array.of(m | 25, Number(v >> 8n), Number(v & 0xffn));
  const size = v < 0x100000000n ? 4 : 8;
  if (v >= 1n << 64n) throw new Error('integer too large');
  const out = new Uint8Array(1 + size);
  out[0] = m | (size === 4 ? 26 : 27);
  for (let i = 0; i < size; i++) out[size - i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return out;
}

export function encode(value) {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error('only unsigned integers are encoded');
    return head(0, value);
  }
  if (typeof value === 'bigint') return head(0, value);
  if (value instanceof Uint8Array) return concat(head(2, value.length), value);
  if (typeof value === 'string') {
    const b = utf8(value);
    return concat(head(3, b.length), b);
  }
  if (Array.isArray(value)) return concat(head(4, value.length), ...value.map(encode));
  if (value instanceof Map) {
    const keys = [...value.keys()].map(Number);
    for (let i = 1; i < keys.length; i++) {
      if (!(keys[i] > keys[i - 1])) throw new Error('map keys must increase');
    }
    const parts = [head(5, value.size)];
    for (const k of keys) parts.push(head(0, k), encode(value.get(k)));
    return concat(...parts);
  }
  throw new Error('a value CBOR here cannot encode');
}

class Reader {
  constructor(bytes) { this.b = bytes; this.i = 0; }
  byte() {
    if (this.i >= this.b.length) throw new Error('the CBOR ends before the value is complete');
    return this.b[this.i++];
  }
  take(n) {
    if (n > BigInt(this.b.length - this.i)) throw new Error('the CBOR ends before the value is complete');
    const out = this.b.subarray(this.i, this.i + Number(n));
    this.i += Number(n);
    return out;
  }
  arg(info) {
    if (info < 24) return BigInt(info);
    const size = { 24: 1, 25: 2, 26: 4, 27: 8 }[info];
    if (!size) throw new Error('indefinite lengths and reserved values are not used');
    let v = 0n;
    for (const x of this.take(size)) v = (v << 8n) | BigInt(x);
    return v;
  }
  value(depth) {
    if (depth > 16) throw new Error('nested too deeply');
    const ib = this.byte();
    const major = ib >> 5;
    const n = this.arg(ib & 31);
    switch (major) {
      case 0: return n;
      case 2: return new Uint8Array(this.take(n));
      case 3: return fromUtf8(this.take(n));
      case 4: {
        if (n > BigInt(this.b.length)) throw new Error('array longer than the input');
        const out = [];
        for (let k = 0n; k < n; k++) out.push(this.value(depth + 1));
        return out;
      }
      case 5: {
        if (n > BigInt(this.b.length)) throw new Error('map longer than the input');
        const out = new Map();
        for (let k = 0n; k < n; k++) {
          const key = this.value(depth + 1);
          if (typeof key !== 'bigint' || key > 1000n) throw new Error('map keys are small unsigned integers');
          out.set(Number(key), this.value(depth + 1));
        }
        return out;
      }
      default: throw new Error('negative integers, tags and floats are not used');
    }
  }
}

// Decodes canonical CBOR; throws if the bytes are not the one canonical encoding.
export function decode(bytes) {
  const r = new Reader(bytes);
  const v = r.value(0);
  if (r.i !== bytes.length) throw new Error('trailing bytes after the value');
  if (!equal(encode(v), bytes)) throw new Error('not in canonical form (re-encoding gives different bytes)');
  return v;
}
