/**
 * The CPU reference backend: plain TypeScript over typed arrays. Its results define what every op
 * of {@link Backend} means; other backends are tested against it.
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */
import type {
  AdamParams,
  Backend,
  DeviceDataset,
  DType,
  HostArray,
  LossKind,
  RowSelection,
  SgdParams,
  Tensor,
} from "../backend.ts";

/** Pixel byte → float32 value in [0, 1], exactly as `torch.tensor(u8) / 255` rounds it. */
const PIXEL_SCALE = /* @__PURE__ */ (() => {
  const t = new Float32Array(256);
  for (let v = 0; v < 256; v++) t[v] = v / 255;
  return t;
})();

class CpuTensor<D extends DType = DType> implements Tensor<D> {
  constructor(
    readonly dtype: D,
    public data: HostArray<D> | null,
  ) {}
  get length(): number {
    return this.live().length;
  }
  live(): HostArray<D> {
    if (this.data === null) throw new ReferenceError("Cannot use tensor: it was released");
    return this.data;
  }
}

class CpuDataset implements DeviceDataset {
  constructor(
    readonly images: Uint8Array,
    readonly labels: Uint8Array,
    readonly count: number,
    readonly features: number,
    readonly classes: number,
  ) {}
}

function asCpu<D extends DType>(t: Tensor<D>): HostArray<D> {
  if (!(t instanceof CpuTensor)) throw new TypeError("Cannot use tensor: it belongs to another backend");
  return (t as CpuTensor<D>).live();
}

function asCpuDataset(ds: DeviceDataset): CpuDataset {
  if (!(ds instanceof CpuDataset)) throw new TypeError("Cannot use dataset: it belongs to another backend");
  return ds;
}

function rowIndex(rows: RowSelection, order: Uint32Array | null, i: number): number {
  return order === null ? rows.offset + i : order[rows.offset + i];
}

/** Creates the CPU reference backend. */
export function createCpuBackend(): Backend {
  return new CpuBackend();
}

class CpuBackend implements Backend {
  readonly kind = "cpu" as const;
  readonly adapter = null;

  zeros<D extends DType>(dtype: D, length: number): Tensor<D> {
    const data = (dtype === "f32" ? new Float32Array(length) : new Uint32Array(length)) as HostArray<D>;
    return new CpuTensor(dtype, data);
  }

  upload<D extends DType>(dtype: D, data: HostArray<D>): Tensor<D> {
    const copy = (dtype === "f32" ? Float32Array.from(data) : Uint32Array.from(data)) as HostArray<D>;
    return new CpuTensor(dtype, copy);
  }

  write<D extends DType>(t: Tensor<D>, data: HostArray<D>, offset = 0): void {
    asCpu(t).set(data, offset);
  }

  read<D extends DType>(t: Tensor<D>): Promise<HostArray<D>> {
    return Promise.resolve(asCpu(t).slice() as HostArray<D>);
  }

  release(t: Tensor): void {
    (t as CpuTensor).data = null;
  }

  uploadDataset(images: Uint8Array, labels: Uint8Array, features: number, classes: number): DeviceDataset {
    const count = labels.length;
    if (images.length !== count * features) {
      throw new RangeError(
        `Cannot upload dataset: images hold ${images.length} bytes, expected ${count}×${features} = ${count * features}`,
      );
    }
    for (let i = 0; i < count; i++) {
      if (labels[i] >= classes) {
        throw new RangeError(
          `Cannot upload dataset: label ${labels[i]} at row ${i} is not below ${classes} classes`,
        );
      }
    }
    return new CpuDataset(images, labels, count, features, classes);
  }

  releaseDataset(_ds: DeviceDataset): void {}

  linearForward(
    dsIn: DeviceDataset,
    rows: RowSelection,
    wT: Tensor<"f32">,
    bT: Tensor<"f32">,
    outT: Tensor<"f32">,
  ): void {
    const ds = asCpuDataset(dsIn);
    const w = asCpu(wT);
    const b = asCpu(bT);
    const out = asCpu(outT);
    const order = rows.order === null ? null : asCpu(rows.order);
    const F = ds.features;
    const C = b.length;
    const img = ds.images;
    const acc = new Float64Array(C);
    for (let i = 0; i < rows.count; i++) {
      const base = rowIndex(rows, order, i) * F;
      for (let c = 0; c < C; c++) acc[c] = 0;
      for (let k = 0; k < F; k++) {
        const px = img[base + k];
        if (px === 0) continue; // MNIST rows are ~81% zeros
        const x = PIXEL_SCALE[px];
        const wk = k * C;
        for (let c = 0; c < C; c++) acc[c] += x * w[wk + c];
      }
      const o = i * C;
      for (let c = 0; c < C; c++) out[o + c] = acc[c] + b[c];
    }
  }

  linearBackward(
    dsIn: DeviceDataset,
    rows: RowSelection,
    gT: Tensor<"f32">,
    gwT: Tensor<"f32">,
    gbT: Tensor<"f32">,
  ): void {
    const ds = asCpuDataset(dsIn);
    const g = asCpu(gT);
    const gw = asCpu(gwT);
    const gb = asCpu(gbT);
    const order = rows.order === null ? null : asCpu(rows.order);
    const F = ds.features;
    const C = gb.length;
    const img = ds.images;
    const accW = new Float64Array(F * C);
    const accB = new Float64Array(C);
    for (let i = 0; i < rows.count; i++) {
      const base = rowIndex(rows, order, i) * F;
      const o = i * C;
      for (let c = 0; c < C; c++) accB[c] += g[o + c];
      for (let k = 0; k < F; k++) {
        const px = img[base + k];
        if (px === 0) continue;
        const x = PIXEL_SCALE[px];
        const wk = k * C;
        for (let c = 0; c < C; c++) accW[wk + c] += x * g[o + c];
      }
    }
    gw.set(accW);
    gb.set(accB);
  }

  lossAndGrad(
    kind: LossKind,
    zT: Tensor<"f32">,
    dsIn: DeviceDataset,
    rows: RowSelection,
    gradT: Tensor<"f32"> | null,
    statsT: Tensor<"f32">,
    confusionT: Tensor<"u32"> | null,
  ): void {
    const ds = asCpuDataset(dsIn);
    const z = asCpu(zT);
    const grad = gradT === null ? null : asCpu(gradT);
    const stats = asCpu(statsT);
    const confusion = confusionT === null ? null : asCpu(confusionT);
    const order = rows.order === null ? null : asCpu(rows.order);
    const C = ds.classes;
    const n = rows.count;
    const p = new Float64Array(C);
    let lossSum = 0;
    let correct = 0;
    for (let i = 0; i < n; i++) {
      const y = ds.labels[rowIndex(rows, order, i)];
      const o = i * C;
      let max = z[o];
      let arg = 0;
      for (let c = 1; c < C; c++) {
        if (z[o + c] > max) {
          max = z[o + c];
          arg = c;
        }
      }
      let sum = 0;
      for (let c = 0; c < C; c++) sum += p[c] = Math.exp(z[o + c] - max);
      for (let c = 0; c < C; c++) p[c] /= sum;
      if (arg === y) correct++;
      if (confusion !== null) confusion[y * C + arg]++;
      if (kind === "cross-entropy") {
        lossSum += Math.log(sum) + max - z[o + y];
        if (grad !== null) for (let c = 0; c < C; c++) grad[o + c] = (p[c] - (c === y ? 1 : 0)) / n;
      } else {
        let rowLoss = 0;
        let dot = 0; // Σ_c p_c · ∂L/∂p_c
        const scale = 2 / (n * C);
        for (let c = 0; c < C; c++) {
          const d = p[c] - (c === y ? 1 : 0);
          rowLoss += d * d;
          dot += p[c] * d * scale;
        }
        lossSum += rowLoss / C;
        if (grad !== null) {
          for (let c = 0; c < C; c++) grad[o + c] = p[c] * ((p[c] - (c === y ? 1 : 0)) * scale - dot);
        }
      }
    }
    stats[0] += lossSum;
    stats[1] += correct;
  }

  softmax(zT: Tensor<"f32">, outT: Tensor<"f32">, classes: number): void {
    const z = asCpu(zT);
    const out = asCpu(outT);
    const n = z.length / classes;
    for (let i = 0; i < n; i++) {
      const o = i * classes;
      let max = z[o];
      for (let c = 1; c < classes; c++) if (z[o + c] > max) max = z[o + c];
      let sum = 0;
      for (let c = 0; c < classes; c++) sum += Math.exp(z[o + c] - max);
      for (let c = 0; c < classes; c++) out[o + c] = Math.exp(z[o + c] - max) / sum;
    }
  }

  sgdStep(paramT: Tensor<"f32">, gradT: Tensor<"f32">, velocityT: Tensor<"f32"> | null, p: SgdParams): void {
    const param = asCpu(paramT);
    const grad = asCpu(gradT);
    const useMomentum = p.momentum !== 0;
    if (useMomentum && velocityT === null)
      throw new TypeError("Cannot take SGD step: momentum needs a velocity");
    const buf = useMomentum ? asCpu(velocityT!) : null;
    for (let i = 0; i < param.length; i++) {
      let g = Math.fround(grad[i] + p.weightDecay * param[i]);
      if (buf !== null) {
        buf[i] = p.step === 1 ? g : p.momentum * buf[i] + (1 - p.dampening) * g;
        g = p.nesterov ? Math.fround(g + p.momentum * buf[i]) : buf[i];
      }
      param[i] -= p.lr * g;
    }
  }

  adamStep(
    paramT: Tensor<"f32">,
    gradT: Tensor<"f32">,
    mT: Tensor<"f32">,
    vT: Tensor<"f32">,
    p: AdamParams,
  ): void {
    const param = asCpu(paramT);
    const grad = asCpu(gradT);
    const m = asCpu(mT);
    const v = asCpu(vT);
    const bc1 = 1 - p.beta1 ** p.step;
    const bc2Sqrt = Math.sqrt(1 - p.beta2 ** p.step);
    const stepSize = p.lr / bc1;
    for (let i = 0; i < param.length; i++) {
      const g = Math.fround(grad[i] + p.weightDecay * param[i]);
      m[i] = p.beta1 * m[i] + (1 - p.beta1) * g;
      v[i] = p.beta2 * v[i] + (1 - p.beta2) * g * g;
      const denom = Math.fround(Math.sqrt(v[i]) / bc2Sqrt + p.eps);
      param[i] -= stepSize * (m[i] / denom);
    }
  }

  fill(t: Tensor, value: number): void {
    asCpu(t).fill(value);
  }

  destroy(): void {}
}
