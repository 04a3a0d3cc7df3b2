/**
 * Saving and loading a trained model as safetensors (`weight` [C, F] in PyTorch layout, `bias` [C],
 * F32 little-endian) plus a JSON sidecar (config, metrics, backend).
 *
 * Thin CLI-side version: `@mnist/softmax` does not export checkpoint I/O yet; swap this for it when it does.
 * @module
 */
import { SoftmaxRegression } from "@mnist/softmax";
import { writeFileAtomic } from "./atomic.ts";
import { UsageError } from "./usage_error.ts";

type TensorInfo = { dtype: string; shape: number[]; data_offsets: [number, number] };

/** Encodes named float32 tensors as a safetensors file. */
export function encodeSafetensors(
  tensors: Record<string, { shape: number[]; data: Float32Array }>,
  metadata: Record<string, string> = {},
): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    header[name] = { dtype: "F32", shape: t.shape, data_offsets: [offset, offset + t.data.length * 4] };
    offset += t.data.length * 4;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - ((8 + json.length) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const t of Object.values(tensors)) {
    for (let i = 0; i < t.data.length; i++, at += 4) view.setFloat32(at, t.data[i], true);
  }
  return out;
}

/**
 * Decodes the F32 tensors of a safetensors file.
 * @throws {UsageError} naming `path` when the file is not valid safetensors.
 */
export function decodeSafetensors(
  bytes: Uint8Array,
  path: string,
): Record<string, { shape: number[]; data: Float32Array }> {
  const fail = (found: string): never => {
    throw new UsageError(
      `Cannot read model ${path}: ${found}, expected a safetensors file with F32 weight and bias`,
    );
  };
  if (bytes.length < 8) fail(`file is ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (n > bytes.length - 8) fail(`header length ${n} exceeds the file`);
  let header: Record<string, TensorInfo>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  } catch {
    return fail("header is not JSON");
  }
  const out: Record<string, { shape: number[]; data: Float32Array }> = {};
  const base = 8 + n;
  for (const [name, info] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    const [start, end] = info.data_offsets ?? [];
    const count = (info.shape ?? []).reduce((a, b) => a * b, 1);
    if (info.dtype !== "F32" || end - start !== count * 4 || base + end > bytes.length) {
      fail(
        `tensor "${name}" is ${info.dtype} ${JSON.stringify(info.shape)} at ${JSON.stringify(info.data_offsets)}`,
      );
    }
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = view.getFloat32(base + start + 4 * i, true);
    out[name] = { shape: info.shape, data };
  }
  return out;
}

/** Serialises a model as safetensors bytes. */
export function modelToSafetensors(
  model: SoftmaxRegression,
  metadata: Record<string, string> = {},
): Uint8Array {
  return encodeSafetensors(
    {
      weight: { shape: [model.classes, model.features], data: model.torchWeight() },
      bias: { shape: [model.classes], data: model.bias },
    },
    { format: "pt", ...metadata },
  );
}

/** Writes `<base>.safetensors` and `<base>.json` atomically. */
export async function saveModel(
  base: string,
  model: SoftmaxRegression,
  sidecar: Record<string, unknown>,
): Promise<void> {
  await writeFileAtomic(`${base}.safetensors`, modelToSafetensors(model));
  await writeFileAtomic(
    `${base}.json`,
    `${JSON.stringify({ format: "mnist-softmax", features: model.features, classes: model.classes, ...sidecar }, null, 2)}\n`,
  );
}

/** Where a model named by the user lives: a run directory (its `model.safetensors`) or a `.safetensors` file. */
export async function resolveModelPath(pathOrRunDir: string): Promise<string> {
  try {
    const info = await Deno.stat(pathOrRunDir);
    return info.isDirectory ? `${pathOrRunDir.replace(/\/+$/, "")}/model.safetensors` : pathOrRunDir;
  } catch {
    throw new UsageError(
      `Cannot read model ${pathOrRunDir}: not found, expected a run directory or a .safetensors file`,
    );
  }
}

/**
 * Loads a model saved by {@link saveModel} (or any safetensors with `weight` [C, F] and `bias` [C]).
 * @throws {UsageError} naming the file when it is missing or malformed.
 */
export async function loadModel(pathOrRunDir: string): Promise<{ model: SoftmaxRegression; path: string }> {
  const path = await resolveModelPath(pathOrRunDir);
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch {
    throw new UsageError(
      `Cannot read model ${path}: not found, expected a .safetensors file written by "mnist train"`,
    );
  }
  const t = decodeSafetensors(bytes, path);
  const { weight, bias } = t;
  if (
    weight === undefined ||
    bias === undefined ||
    weight.shape.length !== 2 ||
    weight.shape[0] !== bias.data.length
  ) {
    throw new UsageError(
      `Cannot read model ${path}: tensors are ${Object.keys(t).join(", ") || "none"}, expected weight [C, F] and bias [C]`,
    );
  }
  return { model: SoftmaxRegression.fromTorchLayout(weight.data, bias.data, weight.shape[1]), path };
}
