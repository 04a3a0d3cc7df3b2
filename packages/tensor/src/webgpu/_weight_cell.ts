/**
 * The weight-gradient cell of the fused update kernels (`train_update.ts`, `train_update_group.ts`):
 * an invocation sums `Xᵀ·g` for its features and all C classes over the batch rows in order and then
 * updates those weights. On the CPU adapters a storage load costs about the same whatever it reads
 * (lavapipe runs each lane's load on its own, with a bounds check), so the cell is shaped to load
 * little per row: a cell takes {@link WORDS_PER_CELL} image word (4 features) when rows are
 * word-aligned, a row whose words are all zero is skipped, and with an even C a row's gradients are
 * read as pairs (`g` declared `array<vec2f>`). The sums per weight are the same as one feature at a
 * time: a zero pixel adds nothing.
 *
 * Runtime-neutral: only builds strings.
 * @module
 */
import { unroll } from "./_wgsl.ts";

/**
 * Image words a word-aligned cell takes. Two (8 features) looked no slower on lavapipe, but Chromium's
 * SwiftShader lost the device on the momentum variant (its 80 unrolled updates), so one.
 */
export const WORDS_PER_CELL = 1;

/** Features of one cell: `4 · WORDS_PER_CELL` when F is a multiple of that, else one. */
export function featuresPerCell(F: number): number {
  return F % (4 * WORDS_PER_CELL) === 0 ? 4 * WORDS_PER_CELL : 1;
}

/** Weight cells of a model of F features. */
export function weightCells(F: number): number {
  return F / featuresPerCell(F);
}

/** The WGSL type of `g`: pairs for an even class count. */
export function gradType(C: number): string {
  return C % 2 === 0 ? "array<vec2f>" : "array<f32>";
}

/** `let gN = …;` for the C gradients of the row whose gradients start at word `gi`, as scalars `gN`. */
function readGrads(C: number, gi: string): string {
  if (C % 2 !== 0) return unroll(C, (c) => `let g${c} = g[${gi} + ${c}u];`);
  return unroll(C / 2, (q) => `let gp${q} = g[((${gi}) >> 1u) + ${q}u];`);
}

/** The scalar gradient of class `c` after {@link readGrads}. */
function grad(C: number, c: number): string {
  return C % 2 !== 0 ? `g${c}` : `gp${c >> 1}.${c % 2 === 0 ? "x" : "y"}`;
}

/**
 * The body of a weight cell `t` (indented for `main`): gradients of batch row `i` at word
 * `${gb} + i·C`, weights of feature `k` at `${wb} + k·C`; calls `update_w(index, gradient)`.
 */
export function weightCellWgsl(F: number, C: number, wb: string, gb: string): string {
  const per = featuresPerCell(F);
  if (per === 1) {
    return /* wgsl */ `var acc: array<f32, ${C}>;
    for (var i = 0u; i < params.count; i++) {
      let px = pixel(rowOf(i) * F + t);
      if (px != 0u) {
        let x = f32(px) / 255.0;
        ${readGrads(C, `${gb} + i * C`)}
        ${unroll(C, (c) => `acc[${c}] += x * ${grad(C, c)};`)}
      }
    }
    ${unroll(C, (c) => `update_w(${wb} + t * C + ${c}u, acc[${c}]);`)}`;
  }
  const words = per / 4;
  const unpack = (w: number) =>
    `let x${w} = vec4f(vec4u(word${w} & 0xffu, (word${w} >> 8u) & 0xffu, (word${w} >> 16u) & 0xffu, word${w} >> 24u)) / 255.0;`;
  const wordList = Array.from({ length: words }, (_v, w) => `word${w}`);
  return /* wgsl */ `var acc: array<vec4f, ${C * words}>;
    for (var i = 0u; i < params.count; i++) {
      let base = rowOf(i) * ${F / 4}u + t * ${words}u;
      ${unroll(words, (w) => `let word${w} = images[base + ${w}u];`)}
      if ((${wordList.join(" | ")}) != 0u) {
        ${unroll(words, unpack)}
        ${readGrads(C, `${gb} + i * C`)}
        ${unroll(words * C, (a) => `acc[${a}] += x${Math.floor(a / C)} * ${grad(C, a % C)};`)}
      }
    }
    for (var j = 0u; j < 4u; j++) {
      ${unroll(words, (w) => `let k${w} = ${wb} + ((t * ${words}u + ${w}u) * 4u + j) * C;`)}
      ${unroll(words * C, (a) => `update_w(k${Math.floor(a / C)} + ${a % C}u, acc[${a}][j]);`)}
    }`;
}

/** The bias cell's body: `Σᵢ g[i]` per class over the rows at `${gb} + i·C`, in row order, into `acc`. */
export function biasSumWgsl(C: number, gb: string): string {
  return /* wgsl */ `var acc: array<f32, ${C}>;
    for (var i = 0u; i < params.count; i++) {
      ${readGrads(C, `${gb} + i * C`)}
      ${unroll(C, (c) => `acc[${c}] += ${grad(C, c)};`)}
    }`;
}
