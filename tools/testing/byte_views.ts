/**
 * The same bytes in the shapes callers hand to decoders: a view at an offset into a larger buffer, a
 * pooled Node `Buffer`, and a `Buffer` over a view. Property tests feed each decoder every form and
 * compare with the plain result. Developers and CI only.
 * @module
 */
import fc from "fast-check";

/** Where the bytes sit in a larger buffer, and what surrounds them. */
export interface Placement {
  /** Bytes before (odd offsets too). */
  readonly offset: number;
  /** Bytes after. */
  readonly after: number;
  /** Value of the surrounding bytes. */
  readonly fill: number;
}

/** Random placements. */
export const placement: fc.Arbitrary<Placement> = fc.record({
  offset: fc.integer({ min: 1, max: 37 }),
  after: fc.integer({ min: 0, max: 37 }),
  fill: fc.integer({ min: 0, max: 255 }),
});

/** `bytes` copied into a larger buffer at `p.offset`, as a view of exactly its length. */
export function placed(bytes: Uint8Array, p: Placement): Uint8Array {
  const big = new Uint8Array(p.offset + bytes.length + p.after).fill(p.fill);
  big.set(bytes, p.offset);
  return big.subarray(p.offset, p.offset + bytes.length);
}

/** The forms of the same input: a view at an offset, a pooled Node Buffer, and a Buffer over a view. */
export function byteForms(bytes: Uint8Array, p: Placement): Uint8Array[] {
  const pooled = Buffer.from(bytes);
  const big = Buffer.alloc(p.offset + bytes.length + p.after, p.fill);
  big.set(bytes, p.offset);
  return [placed(bytes, p), pooled, big.subarray(p.offset, p.offset + bytes.length)];
}
