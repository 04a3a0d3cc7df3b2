/**
 * What the two linear kernels (`linear_forward.ts`, `linear_backward.ts`) share: their options, the
 * declarations their WGSL starts with and their {@link Kernel} record.
 *
 * Runtime-neutral: only builds strings.
 * @module
 */
import type { RowSelection } from "../backend.ts";
import { type Access, type Kernel, type ParamBlock, paramStruct } from "./_kernel.ts";
import { byteAtWgsl, flatIndexWgsl, rowOfWgsl, storageWgsl } from "./_wgsl.ts";

const PARAMS = paramStruct({ offset: "u32", count: "u32" });

/** Sizes and variant of a linear kernel. */
export interface LinearOptions {
  readonly features: number;
  readonly classes: number;
  readonly ordered: boolean;
  readonly workgroupSize: number;
}

/** An `array<f32>` a linear kernel binds after the images: its name and access. */
export interface LinearBuffer {
  readonly name: string;
  readonly access: Access;
  /** Its WGSL type when not `array<f32>`. */
  readonly type?: string;
}

/**
 * The declarations a linear kernel's WGSL starts with: a comment naming the variant, the sizes `F` and
 * `C`, `params` (`offset`, `count`), the u32-packed `images` at binding 1, `buffers` from binding 2,
 * `order` after them (when ordered), and `rowOf`, `pixel` and `flatIndex`.
 */
export function linearPreludeWgsl(
  kernel: string,
  o: LinearOptions,
  buffers: readonly LinearBuffer[],
): string {
  const { features: F, classes: C, workgroupSize: WG } = o;
  const declared = buffers
    .map((b, i) => storageWgsl(i + 2, b.name, b.access, b.type ?? "array<f32>"))
    .join("\n");
  return /* wgsl */ `// ${kernel} F=${F} C=${C} ordered=${o.ordered} workgroup=${WG}
const F = ${F}u;
const C = ${C}u;
${PARAMS.wgsl}
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> images: array<u32>;
${declared}
${rowOfWgsl(buffers.length + 2, o)}
${byteAtWgsl("pixel", "images")}
${flatIndexWgsl(WG)}`;
}

/** The pipeline cache key of the linear kernel named `kernel` (`linear_forward`, `linear_backward`). */
export function linearKey(kernel: string, o: LinearOptions): string {
  return `${kernel}/${o.features}/${o.classes}/${o.ordered}/${o.workgroupSize}`;
}

/** Fills a linear kernel's parameter block: the selected rows. */
export function writeLinearParams(block: ParamBlock, rows: RowSelection): void {
  PARAMS.write(block, { offset: rows.offset, count: rows.count });
}

/** The {@link Kernel} of a linear kernel's `code`, with its storage bindings: images, `buffers`, order. */
export function linearKernel(
  kernel: string,
  o: LinearOptions,
  buffers: readonly LinearBuffer[],
  code: string,
): Kernel {
  const storage: Access[] = ["read", ...buffers.map((b) => b.access)];
  if (o.ordered) storage.push("read");
  return { key: linearKey(kernel, o), code, storage };
}
