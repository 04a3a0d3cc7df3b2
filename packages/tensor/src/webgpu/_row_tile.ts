/**
 * The logit tile of the row-parallel kernels (`linear_forward.ts`, `evaluate_rows.ts`): each
 * invocation sums `R` rows × a block of up to {@link MAX_TILE_CLASSES} classes over every pixel, in
 * order, in scalar registers. Lanes run over rows, so every invocation takes the same path: the CPU
 * emulations (lavapipe, SwiftShader) run a compute shader 8 invocations to a SIMD register and
 * execute both sides of a branch that differs between lanes, and gather every storage load lane by
 * lane. Skipping zero pixels per lane therefore saves nothing there, while each weight loaded serving
 * `R` rows divides the loads by `R` (measured on lavapipe, process CPU time per 10,000 rows: one
 * class per invocation with zero skipping 80–100 ms, one row per invocation 80 ms, four rows 30 ms).
 * The sums are the old kernel's, term for term: a zero pixel adds `0 · w`, which leaves a finite sum
 * unchanged.
 *
 * Runtime-neutral: only builds strings.
 * @module
 */
import type { Access } from "./_kernel.ts";

/** The most classes one invocation sums at once (a block of the class range). */
export const MAX_TILE_CLASSES = 16;

/** How a row-parallel kernel covers the rows and classes of a dispatch. */
export interface RowTile {
  /** Rows per invocation. */
  readonly rows: number;
  /** Classes per block (the last block may be partial). */
  readonly classes: number;
  /** Class blocks; each is a separate workgroup, so the block is the same for all its invocations. */
  readonly blocks: number;
  /**
   * How `w` is bound: with F a multiple of 4 and one class block, the weights of a pixel word's four
   * pixels are `C` aligned `vec4f`s, one load each instead of four (`vec4`), and when they fit a
   * uniform binding, a copy of them in a uniform buffer (`uniform`): lavapipe loads a storage buffer
   * lane by lane with a branch per lane, a uniform buffer with one gather, which took the tile from
   * 28 to 11 ms of process CPU time per 10,000 rows. Otherwise `array<f32>` (`scalar`).
   */
  readonly weights: "uniform" | "vec4" | "scalar";
  /** `F·C`, the weights of one model. */
  readonly weightCount: number;
}

/**
 * The tile for `features` × `classes`: at most about 40 accumulators per invocation, at most 4 rows;
 * the weights in a uniform buffer when they take at most `uniformBytes`.
 */
export function rowTile(features: number, classes: number, uniformBytes = 0): RowTile {
  const block = Math.min(classes, MAX_TILE_CLASSES);
  const blocks = Math.ceil(classes / block);
  const weightCount = features * classes;
  const vector = features % 4 === 0 && blocks === 1;
  return {
    rows: Math.max(1, Math.min(4, Math.floor(40 / block))),
    classes: block,
    blocks,
    weights: vector && weightCount * 4 <= uniformBytes ? "uniform" : vector ? "vec4" : "scalar",
    weightCount,
  };
}

/** The access and WGSL type of the weights binding of a kernel using `tile`. */
export function weightsBinding(tile: RowTile): { access: Access; type: string } {
  if (tile.weights === "uniform") return { access: "uniform", type: `array<vec4f, ${tile.weightCount / 4}>` };
  return { access: "read", type: tile.weights === "vec4" ? "array<vec4f>" : "array<f32>" };
}

/**
 * How a group's kernel finds its model: `count` models in `w` (a WGSL expression), the first of them
 * model `first` of the group.
 */
export interface MemberTiles {
  readonly count: string;
  readonly first: string;
}

/** Workgroups covering `count` rows with `workgroupSize` invocations of `tile`. */
export function rowTileWorkgroups(count: number, tile: RowTile, workgroupSize: number): number {
  return Math.ceil(count / (tile.rows * workgroupSize)) * tile.blocks;
}

/**
 * WGSL of a tile's setup and sums, indented for `main`'s body. Needs `lid`, `wid`, `groups`,
 * `params.count`, `images`, `w`, `fn rowOf(i)` and `fn pixel(i)` in scope; declares `c0` (the first
 * class of the block), `i0…` (the batch rows, possibly ≥ `params.count`) and the sums `a{r}_{c}` of
 * row `r`, class `c0 + c` (zero past the last class). For a group (`members`), one class block only:
 * declares `member` (the model, `g % members`) and `wbase` instead of `c0`, and `w` holds every
 * model's weights stacked.
 */
export function rowTileWgsl(
  F: number,
  C: number,
  tile: RowTile,
  workgroupSize: number,
  members: MemberTiles | null = null,
): string {
  const { rows: R, classes: CB, blocks } = tile;
  if (members !== null && blocks !== 1)
    throw new RangeError(`Cannot tile ${C} classes for a group, expected at most ${CB}`);
  // A group's model k has its weights from word k·F·C on (k from the workgroup, like a class block).
  const wbase = members === null ? "" : "wbase + ";
  const rs = Array.from({ length: R }, (_v, r) => r);
  const cs = Array.from({ length: CB }, (_v, c) => c);
  const lines = (body: string[], indent: string) => body.join(`\n${indent}`);
  const weight = (c: number, k: string) =>
    blocks === 1
      ? `w[${wbase}${k} + ${c}u]`
      : `select(0.0, w[min(${k} + c0 + ${c}u, ${F * C - 1}u)], c0 + ${c}u < C)`;
  // A weight loaded once serves the tile's R rows.
  const accumulate = (x: (r: number) => string, k: string) =>
    cs.map((c) => `{ let wc = ${weight(c, k)};${rs.map((r) => ` a${r}_${c} += ${x(r)} * wc;`).join("")} }`);
  const words = rs.map(
    (r) =>
      `let x${r} = vec4f((vec4u(images[base${r} + k4]) >> vec4u(0u, 8u, 16u, 24u)) & vec4u(255u)) / 255.0;`,
  );
  // Pixel k4·4 + j, class c: element j·C + c of the word's 4·C weights, which are the vec4s from k4·C.
  const vectorWeight = (j: number, c: number) => `wv${(j * C + c) >> 2}[${(j * C + c) & 3}]`;
  const quarters = [0, 1, 2, 3];
  const sums =
    tile.weights !== "scalar"
      ? /* wgsl */ `for (var k4 = 0u; k4 < ${F / 4}u; k4++) {
    ${lines(words, "    ")}
    ${lines(
      cs.map((q) => `let wv${q} = w[${members === null ? "" : "wbase / 4u + "}k4 * C + ${q}u];`),
      "    ",
    )}
    ${lines(
      quarters.flatMap((j) =>
        cs.map((c) => rs.map((r) => `a${r}_${c} += x${r}[${j}] * ${vectorWeight(j, c)};`).join(" ")),
      ),
      "    ",
    )}
  }`
      : F % 4 === 0
        ? /* wgsl */ `for (var k4 = 0u; k4 < ${F / 4}u; k4++) {
    ${lines(words, "    ")}
    ${lines(
      quarters.flatMap((j) => [
        `let k${j} = (k4 * 4u + ${j}u) * C;`,
        ...accumulate((r) => `x${r}[${j}]`, `k${j}`),
      ]),
      "    ",
    )}
  }`
        : /* wgsl */ `for (var k = 0u; k < F; k++) {
    ${lines(
      rs.map((r) => `let x${r} = f32(pixel(base${r} + k)) / 255.0;`),
      "    ",
    )}
    ${lines(
      accumulate((r) => `x${r}`, "k * C"),
      "    ",
    )}
  }`;
  const stride = F % 4 === 0 ? `${F / 4}u` : "F";
  const split =
    members === null
      ? `let c0 = g % ${blocks}u * ${CB}u;
  let first = g / ${blocks}u * ${R * workgroupSize}u + lid;`
      : `let member = ${members.first} + g % ${members.count};
  let wbase = g % ${members.count} * ${F * C}u;
  let first = g / ${members.count} * ${R * workgroupSize}u + lid;`;
  return /* wgsl */ `let g = wid.x + wid.y * groups.x;
  ${split}
  ${lines(
    rs.map((r) => `let i${r} = first + ${r * workgroupSize}u;`),
    "  ",
  )}
  ${lines(
    rs.map((r) => `let base${r} = rowOf(min(i${r}, params.count - 1u)) * ${stride};`),
    "  ",
  )}
  ${lines(
    rs.map((r) => cs.map((c) => `var a${r}_${c} = 0.0;`).join(" ")),
    "  ",
  )}
  ${sums}`;
}
