import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { byteForms, placement } from "../../../tools/testing/byte_views.ts";
import { decodeCheckpoint, decodeModel, encodeCheckpoint, encodeModel } from "./checkpoint.ts";
import { resolveConfig, TUTORIAL } from "./config.ts";
import { SoftmaxRegression } from "./model.ts";
import { decodeModelJson, encodeModelJson } from "./model_json.ts";
import { optimizerSlots } from "./optimizer.ts";
import {
  decodeSafetensors,
  encodeSafetensors,
  type SafeTensor,
  type SafetensorsDType,
} from "./safetensors.ts";
import { readSafetensorsModel } from "./safetensors_model.ts";

function raw(a: ArrayBufferView): number[] {
  return Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

const shape = fc.record({
  features: fc.integer({ min: 1, max: 40 }),
  classes: fc.integer({ min: 1, max: 12 }),
});

function model(features: number, classes: number, seed: number): SoftmaxRegression {
  const m = SoftmaxRegression.init(features, classes, seed);
  for (let c = 0; c < classes; c++) m.bias[c] = (seed % 7) - c / 3;
  return m;
}

function sameModel(a: SoftmaxRegression, b: SoftmaxRegression): void {
  expect([b.features, b.classes]).toEqual([a.features, a.classes]);
  expect(raw(b.weight)).toEqual(raw(a.weight));
  expect(raw(b.bias)).toEqual(raw(a.bias));
}

const DTYPES: SafetensorsDType[] = ["F16", "BF16", "F32", "F64", "I32", "U32", "U8"];

/** A tensor of `dtype` whose bytes are `seed`-derived (any bit pattern is a valid element). */
function tensor(dtype: SafetensorsDType, length: number, seed: number): SafeTensor {
  const size = { F16: 2, BF16: 2, F32: 4, F64: 8, I32: 4, U32: 4, U8: 1 }[dtype];
  const bytes = Uint8Array.from({ length: length * size }, (_, i) => (seed * 31 + i * 17) & 255);
  const decoded = decodeSafetensors(
    encodeSafetensors({ t: { dtype: "U8", shape: [bytes.length], data: bytes } }),
  );
  const data = decoded.tensors.t.data;
  const arrays = {
    F16: Uint16Array,
    BF16: Uint16Array,
    F32: Float32Array,
    F64: Float64Array,
    I32: Int32Array,
    U32: Uint32Array,
    U8: Uint8Array,
  };
  return {
    dtype,
    shape: [length],
    data: new arrays[dtype](data.buffer, data.byteOffset, length),
  } as SafeTensor;
}

describe("decoders accept any Uint8Array view", () => {
  it("decodeSafetensors", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...DTYPES), fc.integer({ min: 0, max: 9 }), fc.nat()), {
          maxLength: 5,
        }),
        placement,
        (specs, p) => {
          const tensors = Object.fromEntries(specs.map(([d, n, s], i) => [`t${i}`, tensor(d, n, s)]));
          const bytes = encodeSafetensors(tensors, { note: "views" });
          const plain = decodeSafetensors(bytes);
          for (const form of byteForms(bytes, p)) {
            const got = decodeSafetensors(form);
            expect(got.metadata).toEqual(plain.metadata);
            expect(Object.keys(got.tensors)).toEqual(Object.keys(plain.tensors));
            for (const [k, t] of Object.entries(plain.tensors)) {
              expect(got.tensors[k].dtype).toBe(t.dtype);
              expect(got.tensors[k].shape).toEqual(t.shape);
              expect(got.tensors[k].data.constructor).toBe(t.data.constructor);
              expect(raw(got.tensors[k].data)).toEqual(raw(t.data));
            }
          }
        },
      ),
    );
  });

  it("decodeModel and readSafetensorsModel", () => {
    fc.assert(
      fc.property(shape, fc.nat(), placement, ({ features, classes }, seed, p) => {
        const bytes = encodeModel(model(features, classes, seed));
        const plain = decodeModel(bytes);
        for (const form of byteForms(bytes, p)) {
          sameModel(plain, decodeModel(form));
          sameModel(plain, readSafetensorsModel(form).model);
        }
      }),
    );
  });

  it("decodeCheckpoint (model and optimiser)", () => {
    fc.assert(
      fc.property(
        shape,
        fc.nat(),
        fc.constantFrom("sgd", "adam"),
        fc.constantFrom(0, 0.9),
        placement,
        ({ features, classes }, seed, optimizer, momentum, p) => {
          const config = resolveConfig({ ...TUTORIAL, optimizer, momentum, seed });
          const m = model(features, classes, seed);
          const state: Record<string, Float32Array> = {};
          for (const param of ["weight", "bias"]) {
            for (const slot of optimizerSlots(config)) {
              const size = param === "weight" ? features * classes : classes;
              state[`${param}.${slot}`] = Float32Array.from({ length: size }, (_, i) => (seed % 13) + i / 7);
            }
          }
          const encoded = encodeCheckpoint({
            config,
            model: m,
            optimizer: state,
            epoch: 2,
            step: 10, // a whole number of steps per epoch, as decodeCheckpoint requires
            rng: [1, 2, 3, 4],
          });
          const plain = decodeCheckpoint(encoded);
          const models = byteForms(encoded.model, p);
          const optimizers = byteForms(encoded.optimizer, p);
          for (let i = 0; i < models.length; i++) {
            const got = decodeCheckpoint({ ...encoded, model: models[i], optimizer: optimizers[i] });
            sameModel(plain.model, got.model);
            expect(Object.keys(got.optimizer)).toEqual(Object.keys(plain.optimizer));
            for (const [k, v] of Object.entries(plain.optimizer))
              expect(raw(got.optimizer[k])).toEqual(raw(v));
          }
        },
      ),
    );
  });

  it("decodeModelJson", () => {
    fc.assert(
      fc.property(shape, fc.nat(), placement, ({ features, classes }, seed, p) => {
        const text = encodeModelJson(model(features, classes, seed));
        const plain = decodeModelJson(text);
        for (const form of byteForms(new TextEncoder().encode(text), p))
          sameModel(plain, decodeModelJson(form));
      }),
    );
  });
});
