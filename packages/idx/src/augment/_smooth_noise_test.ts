import { describe, expect, it } from "vitest";
import { axisBasis, gaussianKernel, SmoothNoise, smoothingMatrix, symmetricEigen } from "./_smooth_noise.ts";

function seeded(seed: number) {
  let a = seed >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** (M Mᵀ)[i][j] for a row-major matrix of `m` columns. */
const gram = (mat: Float64Array, m: number, i: number, j: number) => {
  let s = 0;
  for (let k = 0; k < m; k++) s += mat[i * m + k] * mat[j * m + k];
  return s;
};

describe("gaussianKernel", () => {
  it("is symmetric, sums to 1 and reaches 3σ", () => {
    const k = gaussianKernel(4);
    expect(k.length).toBe(25);
    expect(k.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    for (let i = 0; i < k.length; i++) expect(k[i]).toBe(k[k.length - 1 - i]);
  });
});

describe("symmetricEigen", () => {
  it("reconstructs the smoothing matrix from its eigenpairs, vectors orthonormal", () => {
    const n = 28;
    const k = smoothingMatrix(n, gaussianKernel(4));
    const { values, vectors } = symmetricEigen(k, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let a = 0;
        let dot = 0;
        for (let e = 0; e < n; e++) {
          a += vectors[i * n + e] * values[e] * vectors[j * n + e];
          dot += vectors[e * n + i] * vectors[e * n + j];
        }
        expect(a, `K[${i}][${j}]`).toBeCloseTo(k[i * n + j], 10);
        expect(dot, `q${i}·q${j}`).toBeCloseTo(i === j ? 1 : 0, 10);
      }
    }
    for (let e = 1; e < n; e++) expect(Math.abs(values[e])).toBeLessThanOrEqual(Math.abs(values[e - 1]));
  });
});

describe("SmoothNoise", () => {
  it("keeps few eigenpairs yet the covariance of smoothing the noise with the whole matrix", () => {
    const n = 28;
    const k = smoothingMatrix(n, gaussianKernel(4));
    const { basis, rank } = axisBasis(n, gaussianKernel(4));
    expect(rank).toBeLessThan(12);
    // Cov of K F Kᵀ along one axis is K Kᵀ; the kept basis B (eigenvectors × eigenvalues) gives B Bᵀ.
    let worst = 0;
    const scale = gram(k, n, 14, 14);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        worst = Math.max(worst, Math.abs(gram(basis, rank, i, j) - gram(k, n, i, j)));
    expect(worst / scale).toBeLessThan(1e-3);
  });

  it("draws fields whose variance and neighbour covariance match Gaussian-smoothed uniform noise", () => {
    const rows = 20;
    const cols = 28;
    const sigma = 3;
    const noise = new SmoothNoise(rows, cols, sigma);
    const kr = smoothingMatrix(rows, gaussianKernel(sigma));
    const kc = smoothingMatrix(cols, gaussianKernel(sigma));
    const expected = (y: number, x: number, y2: number, x2: number) =>
      (1 / 3) * gram(kr, rows, y, y2) * gram(kc, cols, x, x2);
    const pairs = [
      [10, 14, 10, 14],
      [0, 0, 0, 0],
      [19, 27, 19, 27],
      [10, 14, 10, 17],
      [5, 3, 8, 3],
    ] as const;
    const sums = new Float64Array(pairs.length);
    let mean = 0;
    const field = new Float64Array(rows * cols);
    const random = seeded(5);
    const draws = 6000;
    for (let d = 0; d < draws; d++) {
      noise.draw(field, random, 1);
      pairs.forEach(([y, x, y2, x2], p) => {
        sums[p] += field[y * cols + x] * field[y2 * cols + x2];
      });
      mean += field[10 * cols + 14];
    }
    pairs.forEach(([y, x, y2, x2], p) => {
      expect(sums[p] / draws / expected(y, x, y2, x2), `cov (${y},${x})-(${y2},${x2})`).toBeCloseTo(1, 1);
    });
    expect(Math.abs(mean / draws)).toBeLessThan(4 * Math.sqrt(expected(10, 14, 10, 14) / draws));
  });

  it("scales the field", () => {
    const noise = new SmoothNoise(8, 8, 2);
    const a = new Float64Array(64);
    const b = new Float64Array(64);
    noise.draw(a, seeded(1), 1);
    noise.draw(b, seeded(1), 34);
    for (let i = 0; i < 64; i++) expect(b[i]).toBeCloseTo(34 * a[i], 12);
  });
});
