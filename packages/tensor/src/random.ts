/**
 * A small seeded PRNG (SplitMix32-seeded xoshiro128**), so the same seed gives the same
 * initial weights and batch order in every runtime.
 *
 * Runtime-neutral.
 * @module
 */

/** A deterministic source of uniform random numbers. */
export class Random {
  #s = new Uint32Array(4);

  /** @param seed any integer; equal seeds give equal sequences. */
  constructor(seed: number) {
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.#s[i] = (z ^ (z >>> 16)) >>> 0;
    }
  }

  /**
   * A generator that continues from a saved {@link Random.state}.
   * @throws {RangeError} when `state` does not hold four 32-bit words, not all zero.
   */
  static fromState(state: ArrayLike<number>): Random {
    if (state.length !== 4 || Array.from(state).every((w) => w === 0)) {
      throw new RangeError(
        `Cannot restore random state: found ${state.length} words${state.length === 4 ? ", all zero" : ""}, expected 4 words, not all zero`,
      );
    }
    const rng = new Random(0);
    for (let i = 0; i < 4; i++) rng.#s[i] = state[i] >>> 0;
    return rng;
  }

  /** The generator's state: four 32-bit words that {@link Random.fromState} continues from. */
  state(): number[] {
    return Array.from(this.#s);
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.#s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform float in [0, 1) with 32 bits of randomness. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform float in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Uniform integer in [0, n) without modulo bias. */
  int(n: number): number {
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** A uniformly random permutation of 0…n−1 (Fisher–Yates). */
  permutation(n: number): Uint32Array {
    const p = new Uint32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
