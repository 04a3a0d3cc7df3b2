/**
 * Kernel: copies the selected rows of a dataset held in several buffers (a "part" each, split at any
 * byte, also inside a row) into one batch buffer, rows in selection order, so the other kernels read
 * a batch of a split dataset exactly as they read an unsplit one. One dispatch per part: an
 * invocation owns one u32 word of the batch and replaces only the bytes that this part holds
 * (read-modify-write), so a word whose bytes come from two parts is assembled by two dispatches,
 * which WebGPU runs in order. When rows are a whole number of words (`R % 4 == 0`, as MNIST's 784)
 * and parts start on a word, a batch word lies in one part and is copied whole.
 *
 * Runtime-neutral: only builds strings.
 * @module
 */
import type { RowSelection } from "../backend.ts";
import { type Access, type Kernel, type ParamBlock, paramStruct } from "./_kernel.ts";
import { flatIndexWgsl, rowOfWgsl } from "./_wgsl.ts";

/**
 * `offset`, `count`: the selected rows; `firstRow`, `skip`: the part starts at byte `skip` of row
 * `firstRow`; `spanRows`: rows the part touches (from `firstRow`); `length`: the part's bytes.
 */
const PARAMS = paramStruct({
  offset: "u32",
  count: "u32",
  firstRow: "u32",
  skip: "u32",
  spanRows: "u32",
  length: "u32",
});

/** Sizes and variant of {@link gatherRowsWgsl}. */
export interface GatherRowsOptions {
  /** Bytes per row: the image size, or 1 for labels. */
  readonly rowBytes: number;
  readonly ordered: boolean;
  readonly workgroupSize: number;
}

/** Where a part of a split byte array starts and how long it is. */
export interface PartSpan {
  /** The part's first byte in the whole array (a multiple of 4). */
  readonly start: number;
  /** The part's length in bytes. */
  readonly length: number;
}

/** Whether the batch is copied word by word: rows of whole words (parts always start on a word). */
function wordwise(rowBytes: number): boolean {
  return rowBytes % 4 === 0;
}

function copyWgsl(R: number): string {
  if (wordwise(R)) {
    return /* wgsl */ `let i = t / ${R / 4}u;
  let k = (t % ${R / 4}u) * 4u;
  let local = localByte(rowOf(i), k);
  if (local < params.length) { batch[t] = part[local >> 2u]; }`;
  }
  return /* wgsl */ `var word = 0u;
  var mask = 0u;
  for (var j = 0u; j < 4u; j++) {
    let byte = t * 4u + j;
    if (byte >= params.count * R) { break; }
    let local = localByte(rowOf(byte / R), byte % R);
    if (local < params.length) {
      word |= ((part[local >> 2u] >> ((local & 3u) * 8u)) & 0xffu) << (j * 8u);
      mask |= 0xffu << (j * 8u);
    }
  }
  if (mask != 0u) { batch[t] = (batch[t] & ~mask) | word; }`;
}

/**
 * WGSL for one part of a gather. Dispatch `ceil(count·R / 4 / workgroupSize)` workgroups (2-D when
 * needed) once per part. Params: see `PARAMS`.
 * @param o bytes per row, whether rows come through an order tensor, workgroup size.
 * @returns the WGSL source.
 */
export function gatherRowsWgsl(o: GatherRowsOptions): string {
  const { rowBytes: R, workgroupSize: WG } = o;
  return /* wgsl */ `// gather_rows R=${R} ordered=${o.ordered} workgroup=${WG}
const R = ${R}u;
${PARAMS.wgsl}
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> part: array<u32>;
@group(0) @binding(2) var<storage, read_write> batch: array<u32>;
${rowOfWgsl(3, o)}
${flatIndexWgsl(WG)}

// Byte k of dataset row r as a byte of this part, or a value ≥ params.length when the part lacks it;
// rows outside the part's span are refused before the product that could overflow.
fn localByte(r: u32, k: u32) -> u32 {
  if (r < params.firstRow || r - params.firstRow >= params.spanRows) { return 0xffffffffu; }
  let b = (r - params.firstRow) * R + k;
  if (b < params.skip) { return 0xffffffffu; }
  return b - params.skip;
}

@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let t = flatIndex(gid, groups);
  if (t >= (params.count * R + 3u) / 4u) { return; }
  ${copyWgsl(R)}
}
`;
}

/** The pipeline cache key of {@link gatherRowsKernel}. */
export function gatherRowsKey(o: GatherRowsOptions): string {
  return `gather_rows/${o.rowBytes}/${o.ordered}/${o.workgroupSize}`;
}

/** Invocations of a gather of `count` rows of `rowBytes` bytes: one per u32 word of the batch. */
export function gatherRowsInvocations(count: number, rowBytes: number): number {
  return Math.ceil((count * rowBytes) / 4);
}

/** Fills the parameter block of the dispatch that copies what `part` holds of the selected rows. */
export function writeGatherRowsParams(
  block: ParamBlock,
  rows: RowSelection,
  rowBytes: number,
  part: PartSpan,
): void {
  const firstRow = Math.floor(part.start / rowBytes);
  const skip = part.start - firstRow * rowBytes;
  PARAMS.write(block, {
    offset: rows.offset,
    count: rows.count,
    firstRow,
    skip,
    spanRows: Math.ceil((skip + part.length) / rowBytes),
    length: part.length,
  });
}

/** The {@link Kernel} for {@link gatherRowsWgsl}: bindings part, batch, then order when ordered. */
export function gatherRowsKernel(o: GatherRowsOptions): Kernel {
  const storage: Access[] = ["read", "write"];
  if (o.ordered) storage.push("read");
  return { key: gatherRowsKey(o), code: gatherRowsWgsl(o), storage };
}
