/**
 * Validation of one parsed run-log record. Every accepted record is rebuilt from its known fields, so
 * unknown keys (including `__proto__`) never reach callers.
 *
 * Runtime-neutral.
 * @module
 */

import type { RunDataset, RunLogRecord } from "./run_log.ts";

/** Largest number of classes a confusion matrix in a run log may have. */
const MAX_CLASSES = 1000;

type Json = Record<string, unknown>;

/** Shows a found value in an error message: JSON, cut to 40 characters. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "missing";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

class Fields {
  constructor(
    private readonly obj: Json,
    private readonly where: string,
  ) {}

  fail(key: string, expected: string, Err: typeof TypeError = TypeError): never {
    throw new Err(
      `Cannot read ${this.where}: field "${key}" is ${describeValue(this.obj[key])}, expected ${expected}`,
    );
  }

  has(key: string): boolean {
    return Object.hasOwn(this.obj, key) && this.obj[key] !== undefined;
  }

  string(key: string): string {
    const v = this.obj[key];
    if (typeof v !== "string") this.fail(key, "a string");
    return v;
  }

  /** A metric: a number, or `null` for a non-finite value (JSON has no NaN). */
  metric(key: string, min = -Infinity, max = Infinity): number {
    const v = this.obj[key];
    if (v === null) return Number.NaN;
    if (typeof v !== "number") this.fail(key, "a number or null");
    if (!Number.isFinite(v) || v < min || v > max) this.fail(key, `a number in [${min}, ${max}]`, RangeError);
    return v;
  }

  count(key: string): number {
    const v = this.obj[key];
    if (typeof v !== "number") this.fail(key, "a non-negative integer");
    if (!Number.isSafeInteger(v) || v < 0) this.fail(key, "a non-negative integer", RangeError);
    return v;
  }

  object(key: string): Readonly<Json> {
    const v = this.obj[key];
    if (typeof v !== "object" || v === null || Array.isArray(v)) this.fail(key, "an object");
    return v as Json;
  }

  stringMap(key: string): Readonly<Record<string, string>> {
    const v = this.object(key);
    const out: Record<string, string> = Object.create(null);
    for (const [k, s] of Object.entries(v)) {
      if (typeof s !== "string") this.fail(key, "an object of strings");
      out[k] = s;
    }
    return out;
  }

  strings(key: string): readonly string[] {
    const v = this.obj[key];
    if (!Array.isArray(v) || !v.every((s) => typeof s === "string")) this.fail(key, "an array of strings");
    return v as string[];
  }

  /** A dataset identity (see `RunDataset`), rebuilt from its known fields. */
  dataset(key: string): RunDataset {
    const v = this.object(key);
    const expected =
      "a dataset identity: name, dir, files {trainImages, trainLabels, testImages, testLabels} of {name, sha256}, imageShape [rows, columns], classCount and classCount classNames";
    const files: Record<string, { name: string; sha256: string }> = {};
    const f = v.files as Json | undefined;
    if (typeof f !== "object" || f === null || Array.isArray(f)) this.fail(key, expected);
    for (const role of ["trainImages", "trainLabels", "testImages", "testLabels"]) {
      const file = (f as Json)[role] as Json | undefined;
      if (
        typeof file?.name !== "string" ||
        typeof file.sha256 !== "string" ||
        !/^[0-9a-f]{64}$/.test(file.sha256)
      )
        this.fail(key, expected);
      files[role] = { name: file.name as string, sha256: file.sha256 as string };
    }
    const shape = v.imageShape;
    const count = v.classCount;
    const names = v.classNames;
    if (
      typeof v.name !== "string" ||
      typeof v.dir !== "string" ||
      !Array.isArray(shape) ||
      shape.length !== 2 ||
      !shape.every((n) => Number.isSafeInteger(n) && (n as number) > 0) ||
      !Number.isSafeInteger(count) ||
      (count as number) < 1 ||
      (count as number) > MAX_CLASSES ||
      !Array.isArray(names) ||
      names.length !== count ||
      !names.every((n) => typeof n === "string")
    )
      this.fail(key, expected);
    return {
      name: v.name as string,
      dir: v.dir as string,
      files,
      imageShape: [(shape as number[])[0], (shape as number[])[1]],
      classCount: count as number,
      classNames: [...(names as string[])],
    };
  }

  confusion(key: string): number[][] {
    const v = this.obj[key];
    const expected = `a square array of arrays of non-negative integers, at most ${MAX_CLASSES} classes`;
    if (!Array.isArray(v) || v.length === 0 || v.length > MAX_CLASSES) this.fail(key, expected);
    const n = v.length;
    for (const row of v) {
      if (!Array.isArray(row) || row.length !== n) this.fail(key, expected);
      for (const c of row) if (!Number.isSafeInteger(c) || c < 0) this.fail(key, expected);
    }
    return v as number[][];
  }
}

/**
 * Checks one parsed JSON value against the run-log schema.
 *
 * @param value What `JSON.parse` returned for the line.
 * @param where "run.jsonl line 3", for messages.
 * @returns The record rebuilt from its known fields, or `undefined` for a record type this version
 *   does not know (a newer minor version may add types).
 * @throws {TypeError} When a field has the wrong type or the value is not a record.
 * @throws {RangeError} When a number is out of range.
 */
export function validateRecord(value: unknown, where: string): RunLogRecord | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`Cannot read ${where}: found ${describeValue(value)}, expected a JSON object`);
  }
  const f = new Fields(value as Json, where);
  const type = f.string("type");
  const opt = <T>(key: string, read: (key: string) => T): { [k: string]: T } =>
    f.has(key) ? { [key]: read(key) } : {};
  switch (type) {
    case "run-start":
      return {
        type,
        version: f.string("version"),
        time: f.string("time"),
        config: f.object("config"),
        seed: f.metric("seed"),
        backend: f.string("backend"),
        ...opt("backendReason", (k) => f.string(k)),
        ...(f.has("adapter") && (value as Json).adapter === null
          ? { adapter: null }
          : opt("adapter", (k) => f.object(k))),
        ...opt("datasets", (k) => f.stringMap(k)),
        ...opt("dataset", (k) => f.dataset(k)),
        ...opt("software", (k) => f.stringMap(k)),
        ...opt("classes", (k) => f.strings(k)),
      };
    case "step":
      return {
        type,
        epoch: f.count("epoch"),
        step: f.count("step"),
        loss: f.metric("loss"),
        lr: f.metric("lr"),
        ...opt("accuracy", (k) => f.metric(k, 0, 1)),
      };
    case "epoch":
      return {
        type,
        epoch: f.count("epoch"),
        trainAccuracy: f.metric("trainAccuracy", 0, 1),
        testAccuracy: f.metric("testAccuracy", 0, 1),
        trainLoss: f.metric("trainLoss"),
        testLoss: f.metric("testLoss"),
        ...opt("valAccuracy", (k) => f.metric(k, 0, 1)),
        ...opt("valLoss", (k) => f.metric(k)),
        seconds: f.metric("seconds", 0),
        ...opt("lr", (k) => f.metric(k)),
        ...opt("confusion", (k) => f.confusion(k)),
      };
    case "checkpoint":
      return {
        type,
        epoch: f.count("epoch"),
        path: f.string("path"),
        ...opt("sha256", (k) => f.string(k)),
      };
    case "run-end":
      return {
        type,
        time: f.string("time"),
        seconds: f.metric("seconds", 0),
        testAccuracy: f.metric("testAccuracy", 0, 1),
        ...opt("trainAccuracy", (k) => f.metric(k, 0, 1)),
        ...opt("testLoss", (k) => f.metric(k)),
        ...opt("trainLoss", (k) => f.metric(k)),
        ...opt("epochs", (k) => f.count(k)),
        ...opt("stopped", (k) => f.string(k)),
        ...opt("keptEpoch", (k) => f.count(k)),
        ...opt("confusion", (k) => f.confusion(k)),
      };
    case "error":
      return {
        type,
        time: f.string("time"),
        message: f.string("message"),
        ...opt("epoch", (k) => f.count(k)),
        ...opt("step", (k) => f.count(k)),
      };
    default:
      return undefined;
  }
}

/**
 * Finds how deeply a JSON text nests arrays and objects without parsing it.
 *
 * @param text One line of JSON.
 * @param limit Stop scanning once this depth is exceeded.
 * @returns The maximum depth, or `limit + 1` as soon as it is exceeded.
 */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max && (max = depth) > limit) return max;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return max;
}
