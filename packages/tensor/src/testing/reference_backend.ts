/**
 * An independent, deliberately naive float64 implementation of {@link Backend}, written from the
 * interface documentation alone. The conformance suite checks every real backend (the CPU backend
 * included) against it, so a mistake in the CPU backend shows up as a failing case.
 *
 * Not for production: it is slow, allocates freely and keeps every value in float64.
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
import { composedEvaluateGroup } from "../evaluate_group.ts";
import { composedTrainStep, composedTrainStepGroup, type StackedParts } from "../train_step.ts";

class RefTensor<D extends DType = DType> implements Tensor<D> {
  constructor(
    readonly dtype: D,
    public values: number[] | null,
  ) {}
  get length(): number {
    return this.live().length;
  }
  live(): number[] {
    if (this.values === null) throw new ReferenceError("Cannot use reference tensor: it was released");
    return this.values;
  }
}

class RefDataset implements DeviceDataset {
  constructor(
    readonly rows: number[][],
    readonly labels: number[],
    readonly count: number,
    readonly features: number,
    readonly classes: number,
  ) {}
}

/** Parts of stacked tensors as copies, written back after each model's op. */
const copiedParts: StackedParts = {
  part: (x, k, per) => new RefTensor(x.dtype, vals(x).slice(k * per, (k + 1) * per)),
  commit: (x, k, per, part) => {
    const target = vals(x);
    vals(part).forEach((v, i) => {
      target[k * per + i] = v;
    });
  },
};

function vals(t: Tensor): number[] {
  if (!(t instanceof RefTensor)) throw new TypeError("Cannot use tensor: it belongs to another backend");
  return t.live();
}

function dataset(ds: DeviceDataset): RefDataset {
  if (!(ds instanceof RefDataset)) throw new TypeError("Cannot use dataset: it belongs to another backend");
  return ds;
}

/** The dataset row indices a {@link RowSelection} names, in order. */
function selected(rows: RowSelection): number[] {
  const order = rows.order === null ? null : vals(rows.order);
  const out: number[] = [];
  for (let i = 0; i < rows.count; i++) out.push(order === null ? rows.offset + i : order[rows.offset + i]);
  return out;
}

function softmaxRow(z: number[]): number[] {
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const s = e.reduce((a, v) => a + v, 0);
  return e.map((v) => v / s);
}

function argmaxFirst(z: number[]): number {
  let arg = 0;
  for (let c = 1; c < z.length; c++) if (z[c] > z[arg]) arg = c;
  return arg;
}

/**
 * Creates the float64 reference backend used by the conformance suite.
 * @returns a {@link Backend} whose `kind` is `"cpu"`.
 * @example
 * ```ts
 * import { createReferenceBackend } from "@mnist/tensor/testing";
 * const ref = createReferenceBackend();
 * const t = ref.upload("f32", new Float32Array([1, 2]));
 * console.log(await ref.read(t)); // Float32Array [1, 2]
 * ```
 */
export function createReferenceBackend(): Backend {
  const ref: Backend = {
    kind: "cpu",
    adapter: null,
    zeros<D extends DType>(dtype: D, length: number): Tensor<D> {
      return new RefTensor(dtype, new Array<number>(length).fill(0));
    },
    upload<D extends DType>(dtype: D, data: HostArray<D>): Tensor<D> {
      return new RefTensor(dtype, Array.from(data));
    },
    write<D extends DType>(t: Tensor<D>, data: HostArray<D>, offset = 0): void {
      const v = vals(t);
      if (offset + data.length > v.length) throw new RangeError("Cannot write: past the end of the tensor");
      for (let i = 0; i < data.length; i++) v[offset + i] = data[i];
    },
    read<D extends DType>(t: Tensor<D>): Promise<HostArray<D>> {
      const v = vals(t);
      return Promise.resolve(
        (t.dtype === "f32" ? Float32Array.from(v) : Uint32Array.from(v)) as HostArray<D>,
      );
    },
    release(t: Tensor): void {
      (t as RefTensor).values = null;
    },
    uploadDataset(images: Uint8Array, labels: Uint8Array, features: number, classes: number): DeviceDataset {
      if (images.length !== labels.length * features) {
        throw new RangeError(
          `Cannot upload dataset: ${images.length} image bytes for ${labels.length} labels`,
        );
      }
      const rows: number[][] = [];
      for (let r = 0; r < labels.length; r++) {
        if (labels[r] >= classes)
          throw new RangeError(`Cannot upload dataset: label ${labels[r]} out of range`);
        rows.push(Array.from(images.subarray(r * features, (r + 1) * features), (p) => p / 255));
      }
      return new RefDataset(rows, Array.from(labels), labels.length, features, classes);
    },
    releaseDataset(): void {},

    linearForward(dsIn, rows, wT, bT, outT): void {
      const ds = dataset(dsIn);
      const [w, b, out] = [vals(wT), vals(bT), vals(outT)];
      const C = b.length;
      selected(rows).forEach((r, i) => {
        for (let c = 0; c < C; c++) {
          let s = b[c];
          for (let k = 0; k < ds.features; k++) s += ds.rows[r][k] * w[k * C + c];
          out[i * C + c] = s;
        }
      });
    },

    linearBackward(dsIn, rows, gT, gwT, gbT): void {
      const ds = dataset(dsIn);
      const [g, gw, gb] = [vals(gT), vals(gwT), vals(gbT)];
      const C = gb.length;
      const idx = selected(rows);
      for (let c = 0; c < C; c++) {
        gb[c] = idx.reduce((s, _r, i) => s + g[i * C + c], 0);
        for (let k = 0; k < ds.features; k++) {
          gw[k * C + c] = idx.reduce((s, r, i) => s + ds.rows[r][k] * g[i * C + c], 0);
        }
      }
    },

    lossAndGrad(kind: LossKind, zT, dsIn, rows, gradT, statsT, confusionT): void {
      const ds = dataset(dsIn);
      const z = vals(zT);
      const stats = vals(statsT);
      const C = ds.classes;
      const idx = selected(rows);
      const n = idx.length;
      idx.forEach((r, i) => {
        const zi = z.slice(i * C, (i + 1) * C);
        const y = ds.labels[r];
        const p = softmaxRow(zi);
        const pred = argmaxFirst(zi);
        if (pred === y) stats[1] += 1;
        if (confusionT !== null) vals(confusionT)[y * C + pred] += 1;
        const onehot = p.map((_v, c) => (c === y ? 1 : 0));
        let grad: number[];
        if (kind === "cross-entropy") {
          const max = Math.max(...zi);
          const lse = max + Math.log(zi.reduce((s, v) => s + Math.exp(v - max), 0));
          stats[0] += lse - zi[y];
          grad = p.map((pc, c) => (pc - onehot[c]) / n);
        } else {
          stats[0] += p.reduce((s, pc, c) => s + (pc - onehot[c]) ** 2, 0) / C;
          // dL/dp_c = 2 (p_c − t_c) / (n C); dL/dz_j = Σ_c dL/dp_c · p_c (δ_cj − p_j)
          const dp = p.map((pc, c) => (2 * (pc - onehot[c])) / (n * C));
          grad = p.map((pj, j) => dp.reduce((s, d, c) => s + d * p[c] * ((c === j ? 1 : 0) - pj), 0));
        }
        if (gradT !== null) {
          const out = vals(gradT);
          for (let c = 0; c < C; c++) out[i * C + c] = grad[c];
        }
      });
    },

    softmax(zT, outT, classes): void {
      const [z, out] = [vals(zT), vals(outT)];
      for (let o = 0; o + classes <= z.length; o += classes) {
        softmaxRow(z.slice(o, o + classes)).forEach((v, c) => {
          out[o + c] = v;
        });
      }
    },

    sgdStep(paramT, gradT, velocityT, p: SgdParams): void {
      const [param, grad] = [vals(paramT), vals(gradT)];
      for (let i = 0; i < param.length; i++) {
        let d = grad[i] + p.weightDecay * param[i];
        if (p.momentum !== 0) {
          if (velocityT === null) throw new TypeError("Cannot take SGD step: momentum needs a velocity");
          const v = vals(velocityT);
          v[i] = p.step === 1 ? d : p.momentum * v[i] + (1 - p.dampening) * d;
          d = p.nesterov ? d + p.momentum * v[i] : v[i];
        }
        param[i] -= p.lr * d;
      }
    },

    adamStep(paramT, gradT, mT, vT, p: AdamParams): void {
      const [param, grad, m, v] = [vals(paramT), vals(gradT), vals(mT), vals(vT)];
      for (let i = 0; i < param.length; i++) {
        const d = grad[i] + p.weightDecay * param[i];
        m[i] = p.beta1 * m[i] + (1 - p.beta1) * d;
        v[i] = p.beta2 * v[i] + (1 - p.beta2) * d * d;
        const mHat = m[i] / (1 - p.beta1 ** p.step);
        const vHat = v[i] / (1 - p.beta2 ** p.step);
        param[i] -= (p.lr * mHat) / (Math.sqrt(vHat) + p.eps);
      }
    },

    // A training step means its ops in order: the definition the fused kernels are checked against.
    trainStep(kind, ds, rows, t, stats, update): void {
      composedTrainStep(ref, kind, ds, rows, t, stats, update);
    },

    // K models means K single steps, each on a copy of its part of the stacked tensors.
    trainStepGroup(ds, rows, t, stats, members): void {
      composedTrainStepGroup(ref, ds, rows, t, stats, members, copiedParts);
    },

    // K models means K single evaluations, each on a copy of its part of the stacked tensors.
    evaluateGroup(ds, rows, t, losses, stats, confusion): void {
      composedEvaluateGroup(ref, ds, rows, t, losses, stats, confusion, copiedParts);
    },

    fill(t: Tensor, value: number): void {
      vals(t).fill(value);
    },
    destroy(): void {},
  };
  return ref;
}
