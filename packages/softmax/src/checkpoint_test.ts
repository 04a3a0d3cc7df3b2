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
      "Cannot load optimizer.safetensors: weight.momentum_buffer is no, expected F32 with 8 values",
    );
  });
});
