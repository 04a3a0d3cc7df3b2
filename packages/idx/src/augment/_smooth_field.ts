/**
 * Gaussian smoothing of a displacement field in place, separably (rows, then columns), with zero
 * beyond the image: the random field of an elastic distortion becomes a smooth one.
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */

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

/**
 * Convolves `field` (`rows × cols`, row-major) with `kernel` along rows and then columns, writing the
 * result back into `field`; `tmp` is scratch of the same length.
 */
export function smoothField(
  field: Float64Array,
  tmp: Float64Array,
  rows: number,
  cols: number,
  kernel: Float64Array,
): void {
  const radius = (kernel.length - 1) >> 1;
  for (let y = 0; y < rows; y++) {
    const row = y * cols;
    for (let x = 0; x < cols; x++) {
      const lo = Math.max(0, x - radius);
      const hi = Math.min(cols - 1, x + radius);
      let s = 0;
      for (let i = lo; i <= hi; i++) s += field[row + i] * kernel[i - x + radius];
      tmp[row + x] = s;
    }
  }
  for (let y = 0; y < rows; y++) {
    const lo = Math.max(0, y - radius);
    const hi = Math.min(rows - 1, y + radius);
    for (let x = 0; x < cols; x++) {
      let s = 0;
      for (let j = lo; j <= hi; j++) s += tmp[j * cols + x] * kernel[j - y + radius];
      field[y * cols + x] = s;
    }
  }
}
