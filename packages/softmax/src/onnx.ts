/**
 * ONNX export (https://onnx.ai): a {@link SoftmaxRegression} as a `ModelProto` (IR version 7,
 * opset 13) that onnxruntime loads, written with a small protobuf encoder of our own. Bytes out.
 *
 * The graph: `input` float32 `[N, F]` (pixels scaled to [0, 1], dynamic batch `N`) →
 * `Gemm(input, weight [C, F], bias [C], transB = 1)` → `logits` `[N, C]` →
 * `Softmax(axis = 1)` → `probabilities` `[N, C]`.
 *
 * Runtime-neutral.
 * @module
 */
import type { SoftmaxRegression } from "./model.ts";

/** Options of {@link encodeOnnx}. */
export interface OnnxOptions {
  /** `ModelProto.producer_name` (default `"@mnist/softmax"`). */
  readonly producerName?: string;
  /** `ModelProto.producer_version` (default empty). */
  readonly producerVersion?: string;
  /** `ModelProto.doc_string`, a free-text description (default empty). */
  readonly docString?: string;
  /**
   * `ModelProto.metadata_props`: key–value strings a runtime shows with the model (onnxruntime's
   * `InferenceSession` exposes them), e.g. `dataset` (the training data's identity as JSON) and
   * `class_names` (comma-separated).
   */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** The ONNX IR version written (7: ONNX 1.8, the release that introduced opset 13). */
export const ONNX_IR_VERSION = 7;
/** The default-domain operator set written (Softmax with `axis` over one dimension needs ≥ 13). */
export const ONNX_OPSET = 13;

/**
 * Encodes a model as ONNX bytes that run in onnxruntime (verified with `onnxruntime-node` in the tests).
 * @param model the parameters; the weight is stored in PyTorch layout `[C, F]`
 * @param options producer name, version and description stored in the file
 * @returns the `ModelProto` bytes (a `.onnx` file)
 * @example
 * ```ts
 * import { encodeOnnx, SoftmaxRegression } from "@mnist/softmax";
 * const bytes = encodeOnnx(SoftmaxRegression.init(784, 10, 42));
 * console.log(bytes[0], bytes[1]); // 8 7 (field 1, ir_version, is 7)
 * ```
 */
export function encodeOnnx(model: SoftmaxRegression, options: OnnxOptions = {}): Uint8Array {
  const { features: F, classes: C } = model;
  const gemm = node("Gemm", ["input", "weight", "bias"], "logits", [intAttribute("transB", 1)]);
  const softmax = node("Softmax", ["logits"], "probabilities", [intAttribute("axis", 1)]);
  const graph = message([
    bytesField(1, gemm),
    bytesField(1, softmax),
    stringField(2, "softmax_regression"),
    bytesField(5, floatTensor("weight", [C, F], model.torchWeight())),
    bytesField(5, floatTensor("bias", [C], model.bias)),
    bytesField(11, valueInfo("input", ["N", F])),
    bytesField(12, valueInfo("logits", ["N", C])),
    bytesField(12, valueInfo("probabilities", ["N", C])),
  ]);
  return message([
    varintField(1, ONNX_IR_VERSION),
    stringField(2, options.producerName ?? "@mnist/softmax"),
    ...(options.producerVersion ? [stringField(3, options.producerVersion)] : []),
    ...(options.docString ? [stringField(6, options.docString)] : []),
    bytesField(7, graph),
    bytesField(8, message([stringField(1, ""), varintField(2, ONNX_OPSET)])),
    ...Object.entries(options.metadata ?? {}).map(([k, v]) =>
      bytesField(14, message([stringField(1, k), stringField(2, v)])),
    ),
  ]);
}

// --- ONNX messages (field numbers from onnx/onnx.proto) ---

/** `NodeProto`: inputs (1), output (2), name (3), op_type (4), attributes (5). */
function node(opType: string, inputs: string[], output: string, attributes: Uint8Array[]): Uint8Array {
  return message([
    ...inputs.map((name) => stringField(1, name)),
    stringField(2, output),
    stringField(3, opType.toLowerCase()),
    stringField(4, opType),
    ...attributes.map((a) => bytesField(5, a)),
  ]);
}

/** `AttributeProto` of type INT (2): name (1), i (3), type (20). */
function intAttribute(name: string, value: number): Uint8Array {
  return message([stringField(1, name), varintField(3, value), varintField(20, 2)]);
}

/** `TensorProto` of FLOAT (1): dims (1), data_type (2), name (8), raw_data (9) little-endian. */
function floatTensor(name: string, dims: number[], data: Float32Array): Uint8Array {
  const raw = new Uint8Array(data.length * 4);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
  return message([
    ...dims.map((d) => varintField(1, d)),
    varintField(2, 1),
    stringField(8, name),
    bytesField(9, raw),
  ]);
}

/**
 * `ValueInfoProto` of a float tensor: name (1), type (2) = `TypeProto.tensor_type` (1) with
 * elem_type (1) and shape (2), each dimension a dim_value (1) or a named dim_param (2).
 */
function valueInfo(name: string, shape: (number | string)[]): Uint8Array {
  const dims = shape.map((d) =>
    bytesField(1, message([typeof d === "number" ? varintField(1, d) : stringField(2, d)])),
  );
  const tensorType = message([varintField(1, 1), bytesField(2, message(dims))]);
  return message([stringField(1, name), bytesField(2, message([bytesField(1, tensorType)]))]);
}

// --- protobuf wire format: varints (wire type 0) and length-delimited fields (wire type 2) ---

const utf8 = new TextEncoder();

/** A non-negative integer below 2^53 as a base-128 varint, low group first. */
function varint(value: number): number[] {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`Cannot encode protobuf varint: found ${value}, expected an integer in [0, 2^53)`);
  }
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

function varintField(field: number, value: number): Uint8Array {
  return Uint8Array.from([...varint(field * 8), ...varint(value)]);
}

function bytesField(field: number, bytes: Uint8Array): Uint8Array {
  const head = [...varint(field * 8 + 2), ...varint(bytes.length)];
  const out = new Uint8Array(head.length + bytes.length);
  out.set(head);
  out.set(bytes, head.length);
  return out;
}

function stringField(field: number, text: string): Uint8Array {
  return bytesField(field, utf8.encode(text));
}

/** A message: its fields, concatenated. */
function message(fields: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(fields.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const f of fields) {
    out.set(f, at);
    at += f.length;
  }
  return out;
}
