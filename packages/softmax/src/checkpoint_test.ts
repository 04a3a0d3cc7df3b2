import type { DatasetIdentity } from "@mnist/idx";
import { describe, expect, it } from "vitest";
import {
  decodeCheckpoint,
  decodeModel,
  encodeCheckpoint,
  encodeModel,
  sidecarDataset,
} from "./checkpoint.ts";
import { TUTORIAL } from "./config.ts";
import { SoftmaxRegression } from "./model.ts";
import { decodeSafetensors, encodeSafetensors } from "./safetensors.ts";
import type { TrainingState } from "./trainer.ts";

const file = (name: string, digit: string) => ({ name, sha256: digit.repeat(64) });
const IDENTITY_2X2: DatasetIdentity = {
  name: "custom",
  dir: "data/tiny",
  files: {
    trainImages: file("train-images-idx3-ubyte", "a"),
    trainLabels: file("train-labels-idx1-ubyte", "b"),
    testImages: file("t10k-images-idx3-ubyte", "c"),
    testLabels: file("t10k-labels-idx1-ubyte", "d"),
  },
  imageShape: [2, 2],
  classCount: 2,
  classNames: ["left", "right"],
};

describe("safetensors", () => {
  it("writes the documented layout: u64 header length, space-padded JSON header, raw little-endian data", () => {
    const bytes = encodeSafetensors(
      {
        a: { dtype: "F32", shape: [2], data: new Float32Array([1, -2]) },
        b: { dtype: "U8", shape: [1], data: new Uint8Array([7]) },
      },
      { format: "pt" },
    );
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header).toEqual({
      __metadata__: { format: "pt" },
      a: { dtype: "F32", shape: [2], data_offsets: [0, 8] },
      b: { dtype: "U8", shape: [1], data_offsets: [8, 9] },
    });
    expect(bytes.length).toBe(8 + n + 9);
    expect(new DataView(bytes.buffer).getFloat32(8 + n + 4, true)).toBe(-2);
    const decoded = decodeSafetensors(bytes);
    expect(Array.from(decoded.tensors.a.data)).toEqual([1, -2]);
    expect(decoded.metadata).toEqual({ format: "pt" });
  });

  it("rejects a truncated file and a header that overruns it", () => {
    const bytes = encodeSafetensors({ a: { dtype: "F32", shape: [2], data: new Float32Array(2) } });
    expect(() => decodeSafetensors(bytes.subarray(0, bytes.length - 1), "x.safetensors")).toThrow(
      /^Cannot decode x.safetensors: tensor a has shape \[2\] and byte range \[0,8\], expected a range of 8 bytes within 7$/,
    );
    expect(() => decodeSafetensors(bytes.subarray(0, 12), "x.safetensors")).toThrow(
      /header length is \d+, expected at most 4/,
    );
  });
});

describe("checkpoints", () => {
  it("stores the model in PyTorch layout: weight [C, F] and bias [C]", () => {
    const model = SoftmaxRegression.init(6, 3, 9);
    const { tensors } = decodeSafetensors(encodeModel(model));
    expect(tensors.weight.shape).toEqual([3, 6]);
    expect(tensors.bias.shape).toEqual([3]);
    // weight[c=2, k=4] in PyTorch layout is W[k=4, c=2] input-major.
    expect(tensors.weight.data[2 * 6 + 4]).toBe(model.weight[4 * 3 + 2]);
    const back = decodeModel(encodeModel(model));
    expect(Array.from(back.weight)).toEqual(Array.from(model.weight));
  });

  it("round-trips a training state with Adam moments and the RNG state", () => {
    const model = SoftmaxRegression.init(4, 2, 3);
    const m = Float32Array.from({ length: 8 }, (_, i) => i / 7);
    const state: TrainingState = {
      config: { ...TUTORIAL, optimizer: "adam", lr: 0.001 },
      model,
      optimizer: {
        "weight.exp_avg": m,
        "weight.exp_avg_sq": m.map((v) => v * v),
        "bias.exp_avg": new Float32Array([1, 2]),
        "bias.exp_avg_sq": new Float32Array([3, 4]),
      },
      epoch: 2,
      step: 1200,
      rng: [1, 2, 3, 4],
    };
    const encoded = encodeCheckpoint(state, {
      backend: "cpu",
      dataset: IDENTITY_2X2,
    });
    expect(encoded.sidecar.dataset).toEqual(IDENTITY_2X2);
    expect(sidecarDataset(JSON.parse(JSON.stringify(encoded.sidecar)), "checkpoint.json")).toEqual(
      IDENTITY_2X2,
    );
    expect(() => sidecarDataset({ ...encoded.sidecar, classes: 3 }, "checkpoint.json")).toThrow(
      "Cannot read checkpoint.json: dataset is 2×2 with 2 classes, expected the model's 4 features and 3 classes",
    );
    expect(encoded.sidecar).toMatchObject({
      epoch: 2,
      step: 1200,
      seed: 0,
      backend: "cpu",
      rng: [1, 2, 3, 4],
    });
    const { tensors, metadata } = decodeSafetensors(encoded.optimizer);
    expect(tensors["weight.exp_avg"].shape).toEqual([2, 4]);
    expect(metadata).toEqual({ optimizer: "adam", step: "1200" });
    const back = decodeCheckpoint({ ...encoded, sidecar: JSON.stringify(encoded.sidecar) });
    expect(back.optimizer["weight.exp_avg"]).toEqual(m);
    expect(back.optimizer["bias.exp_avg_sq"]).toEqual(new Float32Array([3, 4]));
    expect(back.model.weight).toEqual(model.weight);
    expect(back.rng).toEqual([1, 2, 3, 4]);
  });

  it("refuses an optimizer file that lacks the state the config needs", () => {
    const model = SoftmaxRegression.init(4, 2, 3);
    const state: TrainingState = {
      config: { ...TUTORIAL, momentum: 0.9 },
      model,
      optimizer: {},
      epoch: 1,
      step: 5,
      rng: [1, 0, 0, 0],
    };
    const encoded = encodeCheckpoint(state);
    expect(() => decodeCheckpoint(encoded)).toThrow(
      "Cannot load optimizer.safetensors: weight.momentum_buffer is no, expected F32 [2, 4] with 8 values",
    );
  });
});

describe("tampered or corrupt checkpoints and models", () => {
  const good = (): TrainingState => ({
    config: { ...TUTORIAL, momentum: 0.5 },
    model: SoftmaxRegression.init(4, 2, 3),
    optimizer: {
      "weight.momentum_buffer": new Float32Array(8).fill(0.25),
      "bias.momentum_buffer": new Float32Array([1, 2]),
    },
    epoch: 2,
    step: 10,
    rng: [5, 6, 7, 8],
  });
  const tamper = (change: (sidecar: Record<string, unknown>) => void, state = good()) => {
    const encoded = encodeCheckpoint(state, { metrics: { testAccuracy: 0.9 } });
    const sidecar = JSON.parse(JSON.stringify(encoded.sidecar));
    change(sidecar);
    return () => decodeCheckpoint({ ...encoded, sidecar: JSON.stringify(sidecar) });
  };

  it("accepts the untampered checkpoint", () => {
    expect(tamper(() => {})().step).toBe(10);
  });

  it("accepts a checkpoint taken inside an epoch, and refuses one whose position cannot be", () => {
    // After 2 epochs of 5 steps and 3 steps of the third: step 13.
    const state = { ...good(), step: 13, epochStep: 3 };
    const inside = tamper(() => {}, state)();
    expect([inside.epoch, inside.step, inside.epochStep]).toEqual([2, 13, 3]);
    expect(encodeCheckpoint(inside).sidecar.epochStep).toBe(3);
    const first = tamper(() => {}, { ...good(), epoch: 0, step: 4, epochStep: 4 })();
    expect([first.epoch, first.step, first.epochStep]).toEqual([0, 4, 4]);
    expect(tamper((s) => delete s.epochStep, state)).toThrow(
      /^Cannot load checkpoint.json: step is 13, expected a whole number of steps per epoch after epoch 2 \(a multiple of 2\)$/,
    );
    expect(tamper((s) => (s.epochStep = 2), state)).toThrow(
      /^Cannot load checkpoint.json: step is 13, expected a whole number of steps per epoch after epoch 2, each more than epochStep 2, plus epochStep 2$/,
    );
    // 5 steps into an epoch of 5 steps is the next epoch's end, written without epochStep.
    expect(tamper(() => {}, { ...good(), step: 15, epochStep: 5 })).toThrow(/step is 15, expected/);
    expect(tamper((s) => (s.epochStep = 0), state)).toThrow(
      /^Cannot load checkpoint.json: epochStep is 0, expected an integer ≥ 1/,
    );
    expect(tamper((s) => (s.epochStep = "3"), state)).toThrow(/epochStep is "3", expected an integer/);
    expect(tamper(() => {}, { ...good(), epoch: 10, step: 53, epochStep: 3 })).toThrow(
      /epochStep is 3, expected no epochStep: epoch 10 is config.epochs, the run's last/,
    );
  });

  it.each([
    [
      "rng",
      (s: Record<string, unknown>) => (s.rng = [1, 2, 3]),
      /^Cannot load checkpoint.json: rng is \[1,2,3\], expected 4 unsigned 32-bit integers/,
    ],
    [
      "rng zero",
      (s: Record<string, unknown>) => (s.rng = [0, 0, 0, 0]),
      /rng is \[0,0,0,0\], expected .*not all zero/,
    ],
    ["rng word", (s: Record<string, unknown>) => (s.rng = [1, 2, 3, 2 ** 32]), /rng is/],
    [
      "step",
      (s: Record<string, unknown>) => (s.step = 999999999999),
      /step is 999999999999, expected a whole number of steps per epoch after epoch 2/,
    ],
    ["odd step", (s: Record<string, unknown>) => (s.step = 11), /step is 11, expected .*a multiple of 2/],
    [
      "epoch",
      (s: Record<string, unknown>) => (s.epoch = 11),
      /epoch is 11, expected an integer in 0 … config.epochs \(10\)/,
    ],
    [
      "config",
      (s: Record<string, unknown>) => ((s.config as Record<string, unknown>).lr = -1),
      /^Cannot load checkpoint.json: config.lr is -1, expected a positive number$/,
    ],
    ["seed", (s: Record<string, unknown>) => (s.seed = 4), /seed is 4, expected config.seed \(0\)/],
    ["format", (s: Record<string, unknown>) => (s.format = "x"), /format is "x"/],
    ["features", (s: Record<string, unknown>) => (s.features = 0), /features is 0, expected an integer ≥ 1/],
    [
      "datasets",
      (s: Record<string, unknown>) => (s.datasets = { a: "zz" }),
      /datasets\["a"\] is "zz", expected a SHA-256 sum/,
    ],
    [
      "metrics",
      (s: Record<string, unknown>) => (s.metrics = { testLoss: "NaN" }),
      /metrics.testLoss is "NaN", expected a finite number/,
    ],
  ])("refuses a tampered %s with one line naming the field", (_, change, message) => {
    expect(tamper(change)).toThrow(message);
  });

  it("refuses a sidecar that is not JSON", () => {
    const encoded = encodeCheckpoint(good());
    expect(() => decodeCheckpoint({ ...encoded, sidecar: "{" })).toThrow(
      "Cannot load checkpoint.json: it is not valid JSON, expected a JSON object",
    );
  });

  it("refuses optimizer state of the wrong shape, non-finite or unexpected", () => {
    const encoded = encodeCheckpoint(good());
    const moment = (shape: number[], data: Float32Array, extra = {}) =>
      encodeSafetensors({
        "weight.momentum_buffer": { dtype: "F32", shape, data },
        "bias.momentum_buffer": { dtype: "F32", shape: [2], data: new Float32Array(2) },
        ...extra,
      });
    const decode = (optimizer: Uint8Array) => () => decodeCheckpoint({ ...encoded, optimizer });
    expect(decode(moment([8], new Float32Array(8)))).toThrow(
      "weight.momentum_buffer is F32 [8], expected F32 [2, 4] with 8 values",
    );
    const nan = new Float32Array(8);
    nan[5] = Number.NaN;
    expect(decode(moment([2, 4], nan))).toThrow(
      "Cannot load optimizer.safetensors: weight.momentum_buffer[1, 1] is NaN, expected a finite number",
    );
    const extra = { "weight.exp_avg": { dtype: "F32", shape: [1], data: new Float32Array(1) } };
    expect(decode(moment([2, 4], new Float32Array(8), extra))).toThrow(
      /holds "weight.exp_avg", expected only weight.momentum_buffer, bias.momentum_buffer/,
    );
  });

  it("refuses models with non-finite weights or impossible shapes", () => {
    const model = SoftmaxRegression.init(3, 2, 1);
    model.weight[1 * 2 + 1] = Number.POSITIVE_INFINITY; // W[k=1, c=1] → torch weight[1, 1]
    expect(() => decodeModel(encodeModel(model), "m.safetensors")).toThrow(
      "Cannot load model from m.safetensors: weight[1, 1] is Infinity, expected a finite number",
    );
    const nanBias = SoftmaxRegression.init(3, 2, 1);
    nanBias.bias[0] = Number.NaN;
    expect(() => decodeModel(encodeModel(nanBias), "m")).toThrow("bias[0] is NaN");
    const empty = encodeSafetensors({
      weight: { dtype: "F32", shape: [0, 784], data: new Float32Array(0) },
      bias: { dtype: "F32", shape: [0], data: new Float32Array(0) },
    });
    expect(() => decodeModel(empty, "m")).toThrow(
      "weight is [0, 784], expected at least one class and one feature",
    );
    const lying = encodeSafetensors(
      {
        weight: { dtype: "F32", shape: [2, 3], data: new Float32Array(6) },
        bias: { dtype: "F32", shape: [2], data: new Float32Array(2) },
      },
      { features: "784" },
    );
    expect(() => decodeModel(lying, "m")).toThrow('metadata features is "784", expected the tensors\' 3');
  });

  it("keeps a hostile header's error line short: deep nesting, huge values, control characters", () => {
    const header = new TextEncoder().encode(`${"[".repeat(200_000)}${"]".repeat(200_000)}`);
    const bytes = new Uint8Array(8 + header.length);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(header.length), true);
    bytes.set(header, 8);
    let message = "";
    try {
      decodeModel(bytes, "deep.safetensors");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Cannot decode deep.safetensors: header is/);
    expect(message.length).toBeLessThan(200);
    const text = `{"\\u001b[31mx":{"dtype":"${"Q".repeat(100_000)}"}}`;
    const hostile = new TextEncoder().encode(text);
    const b2 = new Uint8Array(8 + hostile.length);
    new DataView(b2.buffer).setBigUint64(0, BigInt(hostile.length), true);
    b2.set(hostile, 8);
    let m2 = "";
    try {
      decodeSafetensors(b2, "w");
    } catch (error) {
      m2 = (error as Error).message;
    }
    expect(m2).toMatch(/^Cannot decode w: tensor "\\u001b\[31mx" has dtype "QQQ/);
    expect(m2.length).toBeLessThan(200);
    expect(m2).not.toContain("\u001b");
  });
});
