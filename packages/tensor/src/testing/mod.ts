/**
 * `@mnist/tensor/testing`: the executable specification of a {@link Backend}. A pure float64
 * reference backend defines what every op means; the conformance suite runs each op on a candidate
 * backend and on the reference with the same seeded inputs (odd shapes, offsets, permutations, extreme
 * logits) and compares the results within stated tolerances. A new backend, ours or a third party's,
 * is checked with one call:
 *
 * ```ts
 * import { createCpuBackend } from "@mnist/tensor";
 * import { assertConformance } from "@mnist/tensor/testing";
 * const report = await assertConformance(createCpuBackend(), {
 *   filter: (name) => name.startsWith("linearForward") || name.startsWith("training"),
 * });
 * console.log(`${report.passed.length} cases passed`);
 * ```
 *
 * Without a filter it runs all cases (about a hundred; a few seconds on the CPU backend). For one test
 * per case in a test runner, iterate {@link conformanceCases} instead.
 *
 * Runtime-neutral.
 * @module
 */
export type { Backend } from "../backend.ts";
export type { Tolerance } from "./_fixtures.ts";
export * from "./check_conformance.ts";
export * from "./conformance.ts";
export { createReferenceBackend } from "./reference_backend.ts";
