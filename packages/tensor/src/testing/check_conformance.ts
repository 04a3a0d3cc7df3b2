/**
 * The conformance suite in one call, for anyone writing a {@link Backend}: every case of
 * {@link conformanceCases} against a fresh {@link createReferenceBackend}, collected into a report
 * (or thrown as one error), so a third-party backend is checked without knowing how the cases are
 * organised.
 *
 * Runtime-neutral.
 * @module
 */
import type { Backend } from "../backend.ts";
import { conformanceCases } from "./conformance.ts";
import { createReferenceBackend } from "./reference_backend.ts";

/** Options of {@link checkConformance} and {@link assertConformance}. */
export interface CheckConformanceOptions {
  /** Runs only the cases whose name this accepts (default: all). */
  readonly filter?: (name: string) => boolean;
  /** Called after each case, with its error when it failed (e.g. to print progress). */
  readonly onCase?: (name: string, error?: Error) => void;
  /** Stops before the next case once aborted; the report then holds the cases run so far. */
  readonly signal?: AbortSignal;
}

/** A case that failed: its name, its tolerance in words and the first mismatch (or the error thrown). */
export interface ConformanceFailure {
  /** The case, e.g. `linearForward n=37 F=61 C=5 (storage order + offset)`. */
  readonly name: string;
  /** The tolerance the case allows, e.g. `|Δ| ≤ 0.0001 + 0.0001·|ref|`. */
  readonly tolerance: string;
  /** What went wrong, naming the first element that differs. */
  readonly message: string;
}

/** What {@link checkConformance} found. */
export interface ConformanceReport {
  /** The names of the cases that passed. */
  readonly passed: readonly string[];
  /** The cases that failed, in the order they ran. */
  readonly failed: readonly ConformanceFailure[];
}

/**
 * Runs every conformance case on `candidate`, each against a new reference backend, and reports
 * which passed and which failed. The candidate is shared by all cases and not destroyed.
 * @param candidate the backend under test
 * @param options a filter, a progress callback and an abort signal
 * @returns the passed and failed cases
 * @example
 * ```ts
 * import { createCpuBackend } from "@mnist/tensor";
 * import { checkConformance } from "@mnist/tensor/testing";
 * const report = await checkConformance(createCpuBackend(), { filter: (name) => name.startsWith("softmax") });
 * console.log(report.failed.length, report.passed.length > 0); // 0 true
 * ```
 */
export async function checkConformance(
  candidate: Backend,
  options: CheckConformanceOptions = {},
): Promise<ConformanceReport> {
  const passed: string[] = [];
  const failed: ConformanceFailure[] = [];
  for (const c of conformanceCases()) {
    if (options.signal?.aborted) break;
    if (options.filter && !options.filter(c.name)) continue;
    const reference = createReferenceBackend();
    try {
      await c.run(candidate, reference);
      passed.push(c.name);
      options.onCase?.(c.name);
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      failed.push({ name: c.name, tolerance: c.tolerance, message: error.message });
      options.onCase?.(c.name, error);
    } finally {
      reference.destroy();
    }
  }
  return { passed, failed };
}

/**
 * Like {@link checkConformance}, but throws when any case fails: one call in any test runner.
 * @param candidate the backend under test
 * @param options a filter, a progress callback and an abort signal
 * @returns the report, when every case passed
 * @throws {Error} naming the number of failed cases and each case with its first mismatch.
 * @example
 * ```ts
 * import { createCpuBackend } from "@mnist/tensor";
 * import { assertConformance } from "@mnist/tensor/testing";
 * await assertConformance(createCpuBackend({ kernel: "dense" }), { filter: (name) => name.startsWith("sgd") });
 * ```
 */
export async function assertConformance(
  candidate: Backend,
  options: CheckConformanceOptions = {},
): Promise<ConformanceReport> {
  const report = await checkConformance(candidate, options);
  if (report.failed.length > 0) {
    const cases = report.failed.map((f) => `${f.name} [${f.tolerance}]: ${f.message}`);
    throw new Error(
      `Cannot confirm that the ${candidate.kind} backend conforms: ${report.failed.length} of ${report.failed.length + report.passed.length} cases failed: ${cases.join("; ")}`,
    );
  }
  return report;
}
