// Big-endian (IDX) ⇄ host order, in place over integer views. Runtime-neutral.
// Swapping through integer views (never DataView float getters) keeps NaN payloads bit-exact.

const hostIsLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Reverses the byte order of every `size`-byte element of `bytes` in place, on little-endian hosts.
 * `bytes` must start at an offset that is a multiple of `size` (a fresh buffer does).
 */
export function swapToHost(bytes: Uint8Array, size: number): void {
  if (!hostIsLittleEndian || size === 1) return;
  const n = bytes.byteLength / size;
  if (size === 2) {
    const v = new Uint16Array(bytes.buffer, bytes.byteOffset, n);
    for (let i = 0; i < n; i++) {
      const x = v[i];
      v[i] = (x >>> 8) | ((x & 0xff) << 8);
    }
    return;
  }
  const v = new Uint32Array(bytes.buffer, bytes.byteOffset, (n * size) / 4);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    v[i] = ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
  }
  if (size === 8) {
    for (let i = 0; i < v.length; i += 2) {
      const lo = v[i];
      v[i] = v[i + 1];
      v[i + 1] = lo;
    }
  }
}
