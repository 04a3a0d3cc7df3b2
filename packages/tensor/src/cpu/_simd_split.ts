/**
 * How a two-thread SIMD op divides its work so that every output element is still summed by one
 * thread in single-threaded order: the forward pass by rows ({@link balancedSplit}: about half the
 * entries each), the weight gradient by features ({@link medianFeature} picks the feature,
 * {@link splitPairs} cuts each row's entry range there). All read the entry lists in module memory
 * (`buffer`), whose entries are `(feature << 8) | pixel`, ascending within a row.
 *
 * Runtime-neutral.
 * @module
 */

/** The feature below which about half of the non-zero pixels of (up to 2,000 sampled) rows lie. */
export function medianFeature(
  buffer: ArrayBufferLike,
  start: Uint32Array,
  ptr: number,
  features: number,
): number {
  const count = start.length - 1;
  const hist = new Uint32Array(features);
  const words = new Uint32Array(buffer);
  const stride = Math.max(1, Math.floor(count / 2000));
  let total = 0;
  for (let r = 0; r < count; r += stride) {
    for (let j = start[r]; j < start[r + 1]; j++) hist[words[(ptr >>> 2) + j] >>> 8]++;
    total += start[r + 1] - start[r];
  }
  let seen = 0;
  for (let f = 0; f < features; f++) {
    seen += hist[f];
    if (2 * seen >= total) return f + 1;
  }
  return features;
}

/** The row index that splits the listed rows' entries about in half. */
export function balancedSplit(buffer: ArrayBufferLike, pairsAt: number, n: number): number {
  const pairs = new Uint32Array(buffer, pairsAt, 2 * n);
  let total = 0;
  for (let i = 0; i < 2 * n; i += 2) total += pairs[i + 1] - pairs[i];
  let seen = 0;
  for (let i = 0; i < n; i++) {
    seen += pairs[2 * i + 1] - pairs[2 * i];
    if (2 * seen >= total) return i + 1;
  }
  return n;
}

/**
 * Splits each row `[begin, end)` at its first entry whose feature is `split` or more:
 * the low list keeps `[begin, mid)`, the high list gets `[mid, end)`.
 */
export function splitPairs(
  buffer: ArrayBufferLike,
  lowAt: number,
  highAt: number,
  n: number,
  split: number,
): void {
  const words = new Uint32Array(buffer);
  const low = lowAt >>> 2;
  const high = highAt >>> 2;
  const key = split << 8;
  for (let i = 0; i < 2 * n; i += 2) {
    let lo = words[low + i] >>> 2;
    let hi = words[low + i + 1] >>> 2;
    const end = hi;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (words[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    words[high + i] = lo << 2;
    words[high + i + 1] = end << 2;
    words[low + i + 1] = lo << 2;
  }
}
