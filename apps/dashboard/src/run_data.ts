/**
 * Which data a run was trained on, read from its run-start record, and whether the bundled MNIST is
 * that data: the dashboard recomputes a run's views only on the run's own data, never on other data.
 * @module
 */
import { DATASET_ROLES, type DatasetIdentity, MNIST, validateDatasetIdentity } from "@mnist/idx";
import type { RunStartRecord } from "@mnist/metrics";

/** What a run log says about its data. */
export type RunData =
  /** The log records the identity (run-log format with `dataset`). */
  | { readonly kind: "identity"; readonly identity: DatasetIdentity; readonly bundled: boolean }
  /** An older log with only the four SHA-256 sums (`datasets`, keyed by file name). */
  | { readonly kind: "sums"; readonly sums: readonly string[]; readonly bundled: boolean }
  /** Nothing recorded: the data is unknown. */
  | { readonly kind: "unknown"; readonly bundled: false };

const MNIST_SUMS = DATASET_ROLES.map((r) => MNIST.files[r].sha256);

/** Whether four sums are the bundled MNIST's (in any order: older logs key them by file name). */
function isBundledMnist(sums: readonly string[]): boolean {
  return sums.length === MNIST_SUMS.length && MNIST_SUMS.every((s) => sums.includes(s));
}

/**
 * Reads the run's data from its run-start record.
 * @throws {RangeError} one line naming the field when `dataset` is present but malformed.
 */
export function runData(start: RunStartRecord | undefined, source = "run.jsonl"): RunData {
  if (start?.dataset !== undefined) {
    const identity = validateDatasetIdentity(start.dataset, `${source} run-start field dataset`);
    const sums = DATASET_ROLES.map((r) => identity.files[r].sha256);
    return { kind: "identity", identity, bundled: isBundledMnist(sums) };
  }
  if (start?.datasets !== undefined) {
    const sums = Object.values(start.datasets);
    return { kind: "sums", sums, bundled: isBundledMnist(sums) };
  }
  return { kind: "unknown", bundled: false };
}

/** The data in words: "MNIST (28×28, 10 classes)", "custom dataset (data/shapes; 16×16, 3 classes)". */
export function describeIdentity(identity: DatasetIdentity): string {
  const [h, w] = identity.imageShape;
  const shape = `${h}×${w}, ${identity.classCount} classes`;
  if (identity.name === "mnist") return `MNIST (${shape})`;
  if (identity.name === "fashion-mnist") return `Fashion-MNIST (${shape})`;
  const name = identity.name === "custom" ? "custom dataset" : identity.name;
  return `${name} (${identity.dir ? `${identity.dir}; ` : ""}${shape})`;
}

/** One line for the summary: which data the run used. */
export function describeRunData(d: RunData): string {
  if (d.kind === "identity") return describeIdentity(d.identity);
  if (d.kind === "sums") return d.bundled ? "MNIST (by its SHA-256 sums)" : "unknown data (sums not MNIST's)";
  return "not recorded in the log";
}

/**
 * Compares data chosen for a run with what its log recorded; the first difference as one line, or
 * null when they are the same data (sums, image shape and class count).
 */
export function identityMismatch(recorded: RunData, found: DatasetIdentity): string | null {
  if (recorded.kind === "identity") {
    const r = recorded.identity;
    for (const role of DATASET_ROLES) {
      const [want, got] = [r.files[role], found.files[role]];
      if (want.sha256 !== got.sha256) {
        return `Cannot use the chosen files for this run: ${got.name} has SHA-256 ${got.sha256}, expected ${want.sha256} (${want.name} as recorded in the run log)`;
      }
    }
    if (r.imageShape.join("×") !== found.imageShape.join("×") || r.classCount !== found.classCount) {
      return `Cannot use the chosen files for this run: found ${found.imageShape.join("×")} images in ${found.classCount} classes, expected ${r.imageShape.join("×")} in ${r.classCount} as recorded in the run log`;
    }
    return null;
  }
  if (recorded.kind === "sums") {
    for (const role of DATASET_ROLES) {
      const got = found.files[role];
      if (!recorded.sums.includes(got.sha256)) {
        return `Cannot use the chosen files for this run: ${got.name} has SHA-256 ${got.sha256}, expected one of the run log's recorded sums`;
      }
    }
  }
  return null;
}

/** `3 Dress`, or `3` where the name is the index (MNIST's digits). */
export function classLabel(names: readonly string[] | undefined, c: number): string {
  const name = names?.[c];
  return name === undefined || name === String(c) ? String(c) : `${c} ${name}`;
}

/** An ISO time as the reader's local date and time, e.g. "30 Nov 2026, 12:04:31". */
export function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}
