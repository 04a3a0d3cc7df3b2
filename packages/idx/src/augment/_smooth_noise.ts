/**
 * Random displacement fields for elastic distortion: uniform noise in [−1, 1) on every pixel, smoothed
 * by a Gaussian with zero beyond the image (Simard et al. 2003) — drawn without convolving anything.
 *
 * Smoothing is linear: with K the 1-D smoothing matrix of each axis (symmetric, K = Q Λ Qᵀ), the field
 * is K_rows · F · K_cols for the noise F, that is Q_rows Λ_rows G Λ_cols Q_colsᵀ with G = Q_rowsᵀ F
 * Q_cols. Q is orthonormal, so G has uncorrelated entries of the noise's variance (1/3); the field is
 * Gaussian-like, being a sum of hundreds of pixels' noise. So G is drawn directly as independent normal
 * numbers of variance 1/3, and only the eigenvectors whose eigenvalue is at least 1/200 of the largest
 * are kept (a Gaussian passes few frequencies: 8 of 28 for σ 4): the field has the smoothed noise's
 * covariance except for under 10⁻⁴ of its variance, and costs r² draws and two small matrix products
 * (r ≈ 8 for 28×28, σ 4) instead of rows × cols draws and a 25-tap convolution along each axis.
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */

/** A source of uniform numbers in [0, 1). */
interface Uniform {
  next(): number;
}

/**
 * The normalised 1-D Gaussian kernel of standard deviation `sigma`, truncated at 3σ: weights sum to 1,
 * so smoothing leaves a constant field constant away from the edges.
 */
export function gaussianKernel(sigma: number): Float64Array {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const w = Math.exp(-(i * i) / (2 * sigma * sigma));
    kernel[i + radius] = w;
    sum += w;
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] /= sum;
  return kernel;
}

/** The `n × n` matrix of smoothing with `kernel`, zero beyond the ends (row-major, symmetric). */
export function smoothingMatrix(n: number, kernel: Float64Array): Float64Array {
  const radius = (kernel.length - 1) >> 1;
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = Math.max(0, i - radius); j <= Math.min(n - 1, i + radius); j++)
      m[i * n + j] = kernel[j - i + radius];
  }
  return m;
}

/**
 * The eigenvalues and eigenvectors of a symmetric `n × n` matrix by cyclic Jacobi rotations.
 * @returns `values` (descending by magnitude) and `vectors` (`n × n`, row-major, column k the k-th vector).
 */
export function symmetricEigen(
  matrix: Float64Array,
  n: number,
): { values: Float64Array; vectors: Float64Array } {
  const a = matrix.slice();
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          // columns p and q of a, then rows p and q: a ← Jᵀ a J
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (i, j) => Math.abs(a[j * n + j]) - Math.abs(a[i * n + i]),
  );
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((from, to) => {
    values[to] = a[from * n + from];
    for (let k = 0; k < n; k++) vectors[k * n + to] = v[k * n + from];
  });
  return { values, vectors };
}

/** The kept eigenpairs of one axis: `basis` is `n × r` (row-major), each column scaled by its eigenvalue. */
export function axisBasis(n: number, kernel: Float64Array): { basis: Float64Array; rank: number } {
  const { values, vectors } = symmetricEigen(smoothingMatrix(n, kernel), n);
  let rank = 0;
  while (rank < n && Math.abs(values[rank]) >= Math.abs(values[0]) / 200) rank++;
  const basis = new Float64Array(n * rank);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < rank; k++) basis[i * rank + k] = vectors[i * n + k] * values[k];
  return { basis, rank };
}

/** Draws Gaussian-smoothed uniform noise fields of one size; scratch allocated once. */
export class SmoothNoise {
  readonly rows: number;
  readonly cols: number;
  /** Kept eigenpairs along the rows (height) and the columns (width). */
  readonly rankRows: number;
  readonly rankCols: number;
  readonly #basisRows: Float64Array;
  readonly #basisCols: Float64Array;
  readonly #g: Float64Array;
  readonly #a: Float64Array;

  /**
   * @param rows the field's height.
   * @param cols the field's width.
   * @param sigma the Gaussian's standard deviation in pixels, > 0.
   */
  constructor(rows: number, cols: number, sigma: number) {
    const kernel = gaussianKernel(sigma);
    this.rows = rows;
    this.cols = cols;
    const r = axisBasis(rows, kernel);
    const c = rows === cols ? r : axisBasis(cols, kernel);
    this.#basisRows = r.basis;
    this.rankRows = r.rank;
    this.#basisCols = c.basis;
    this.rankCols = c.rank;
    this.#g = new Float64Array(r.rank * c.rank);
    this.#a = new Float64Array(rows * c.rank);
  }

  /**
   * Writes one field, scaled by `scale`, into `out` (`rows × cols`, row-major). Draws `rankRows ×
   * rankCols` uniform numbers from `random`, rounded up to an even count.
   */
  draw(out: Float64Array, random: Uniform, scale: number): void {
    const { rows, cols, rankRows: rr, rankCols: rc } = this;
    const g = this.#g;
    const a = this.#a;
    const br = this.#basisRows;
    const bc = this.#basisCols;
    // Box–Muller: two uniforms give two independent normals; the noise's variance is 1/3.
    const sd = Math.sqrt(1 / 3);
    for (let i = 0; i < g.length; i += 2) {
      const radius = sd * Math.sqrt(-2 * Math.log(1 - random.next()));
      const angle = 2 * Math.PI * random.next();
      g[i] = radius * Math.cos(angle);
      if (i + 1 < g.length) g[i + 1] = radius * Math.sin(angle);
    }
    // a = B_rows · G (rows × rc), then out = scale · a · B_colsᵀ
    for (let y = 0; y < rows; y++) {
      for (let l = 0; l < rc; l++) {
        let s = 0;
        for (let k = 0; k < rr; k++) s += br[y * rr + k] * g[k * rc + l];
        a[y * rc + l] = s * scale;
      }
    }
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < cols; x++) {
        let s = 0;
        for (let l = 0; l < rc; l++) s += a[y * rc + l] * bc[x * rc + l];
        out[y * cols + x] = s;
      }
    }
  }
}
