/**
 * Reading a run log: JSON Lines text or a byte stream in, validated records out. Bounded in memory
 * whatever the input: a line longer than `maxLineLength` or nested deeper than `maxDepth` is an error
 * found before it is parsed or (for streams) buffered.
 *
 * Runtime-neutral.
 * @module
 */

import { describeValue, jsonDepth, validateRecord } from "./_validate_record.ts";
import { RUN_LOG_VERSION, type RunLogRecord } from "./run_log.ts";

/** Options of {@link parseRunLog}, {@link readRunLog} and {@link RunLogParser}. */
export interface ReadRunLogOptions {
  /** Name of the log in error messages (default `"run.jsonl"`). */
  readonly source?: string;
  /** Longest accepted line, in UTF-16 code units (default 1 MiB). */
  readonly maxLineLength?: number;
  /** Deepest accepted nesting of arrays and objects in a record (default 32). */
  readonly maxDepth?: number;
}

/** A run log that has been read. */
export interface RunLog {
  /** The valid records, in order; the first is the run start. */
  readonly records: RunLogRecord[];
  /** The version declared by the run-start record. */
  readonly version: string;
  /** True when the log ended in an incomplete line (an interrupted write), which was left out. */
  readonly truncated: boolean;
  /** Records of types this reader does not know (from a newer minor version), left out. */
  readonly skipped: number;
}

const SUPPORTED_MAJOR = Number(RUN_LOG_VERSION.split(".")[0]);

/**
 * Incremental run-log reader: feed it text as it arrives, get complete records back. Holds at most
 * one incomplete line of at most `maxLineLength` characters.
 *
 * @example
 * ```ts
 * import { RunLogParser } from "@mnist/metrics";
 * const p = new RunLogParser();
 * const a = p.push('{"type":"run-start","version":"1.0","time":"t","config":{},"seed":1,"backend":"cpu"}\n{"type":"ep');
 * const b = p.push('och","epoch":1,"trainAccuracy":0.9,"testAccuracy":0.9,"trainLoss":0.1,"testLoss":0.1,"seconds":2}\n');
 * if (a.length !== 1 || b.length !== 1 || p.finish().truncated) throw new Error("unexpected");
 * ```
 */
export class RunLogParser {
  readonly #source: string;
  readonly #maxLineLength: number;
  readonly #maxDepth: number;
  #pending = "";
  #line = 0;
  #version: string | undefined;
  #skipped = 0;

  /**
   * A parser at the start of a log.
   * @param options Limits and the name used in messages.
   */
  constructor(options: ReadRunLogOptions = {}) {
    this.#source = options.source ?? "run.jsonl";
    this.#maxLineLength = options.maxLineLength ?? 1 << 20;
    this.#maxDepth = options.maxDepth ?? 32;
  }

  /**
   * Adds text and returns the records completed by it.
   *
   * @param text The next piece of the log (any split, even mid-character-free UTF-16 text).
   * @returns The records whose lines ended in this piece.
   * @throws {SyntaxError} When a complete line is not JSON.
   * @throws {TypeError} When a record has a missing or mistyped field or the log does not start with run-start.
   * @throws {RangeError} When a line is too long or deep, a number is out of range, or the version's major differs.
   */
  push(text: string): RunLogRecord[] {
    const out: RunLogRecord[] = [];
    let start = 0;
    for (;;) {
      const nl = text.indexOf("\n", start);
      if (nl < 0) break;
      this.#line++;
      this.#checkLength(this.#pending.length + nl - start);
      const line = this.#pending + text.slice(start, nl);
      this.#pending = "";
      const record = this.#parseLine(line);
      if (record) out.push(record);
      start = nl + 1;
    }
    const rest = text.length - start;
    this.#checkLength(this.#pending.length + rest, this.#line + 1);
    if (rest > 0) this.#pending += text.slice(start);
    return out;
  }

  /**
   * Ends the log: a last line without newline is read if it is complete JSON, else left out as the
   * remains of an interrupted write.
   *
   * @returns Whether a line was left out, and the log's version.
   * @throws {TypeError} When the log holds no run-start record.
   */
  finish(): {
    readonly truncated: boolean;
    readonly version: string;
    readonly skipped: number;
    last?: RunLogRecord;
  } {
    let truncated = false;
    let last: RunLogRecord | undefined;
    const line = this.#pending;
    this.#pending = "";
    if (line.trim() !== "") {
      this.#line++;
      let value: unknown;
      try {
        value = JSON.parse(this.#checkDepth(line));
      } catch (e) {
        if (!(e instanceof SyntaxError)) throw e;
        truncated = true;
      }
      if (!truncated) last = this.#accept(value);
    }
    if (this.#version === undefined) {
      throw new TypeError(`Cannot read ${this.#source}: found no records, expected a run-start record first`);
    }
    return { truncated, version: this.#version, skipped: this.#skipped, ...(last ? { last } : {}) };
  }

  #where(line = this.#line): string {
    return `${this.#source} line ${line}`;
  }

  #checkLength(length: number, line = this.#line): void {
    if (length > this.#maxLineLength) {
      throw new RangeError(
        `Cannot read ${this.#where(line)}: line is longer than ${this.#maxLineLength} characters, expected at most ${this.#maxLineLength}`,
      );
    }
  }

  #checkDepth(line: string): string {
    if (jsonDepth(line, this.#maxDepth) > this.#maxDepth) {
      throw new RangeError(
        `Cannot read ${this.#where()}: nesting is deeper than ${this.#maxDepth}, expected at most ${this.#maxDepth} levels`,
      );
    }
    return line;
  }

  #parseLine(raw: string): RunLogRecord | undefined {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") return undefined;
    let value: unknown;
    try {
      value = JSON.parse(this.#checkDepth(line));
    } catch (e) {
      if (!(e instanceof SyntaxError)) throw e;
      throw new SyntaxError(
        `Cannot read ${this.#where()}: found ${describeValue(line)}, expected one JSON object`,
      );
    }
    return this.#accept(value);
  }

  #accept(value: unknown): RunLogRecord | undefined {
    const record = validateRecord(value, this.#where());
    if (this.#version === undefined) {
      if (record?.type !== "run-start") {
        throw new TypeError(
          `Cannot read ${this.#where()}: found a ${describeValue((value as { type?: unknown }).type)} record, expected a run-start record first`,
        );
      }
      this.#version = checkVersion(record.version, this.#where());
    } else if (record?.type === "run-start") {
      throw new TypeError(
        `Cannot read ${this.#where()}: found a second run-start record, expected one per log`,
      );
    }
    if (record === undefined) this.#skipped++;
    return record;
  }
}

function checkVersion(version: string, where: string): string {
  const m = /^(\d+)\.(\d+)$/.exec(version);
  if (!m) {
    throw new TypeError(`Cannot read ${where}: version is ${describeValue(version)}, expected "major.minor"`);
  }
  if (Number(m[1]) !== SUPPORTED_MAJOR) {
    throw new RangeError(
      `Cannot read ${where}: run-log version is ${version}, expected ${SUPPORTED_MAJOR}.x (this reader supports version ${RUN_LOG_VERSION}; update @mnist/metrics to read newer logs)`,
    );
  }
  return version;
}

/**
 * Reads a whole run log from text.
 *
 * @param text The content of `run.jsonl`, as text or as UTF-8 bytes (any `Uint8Array`, e.g. a Node `Buffer`).
 * @param options Limits and the name used in messages.
 * @returns The valid records and whether an incomplete last line was left out.
 * @throws {SyntaxError | TypeError | RangeError} As {@link RunLogParser.push}, naming the line.
 * @example
 * ```ts
 * import { parseRunLog } from "@mnist/metrics";
 * const log = parseRunLog('{"type":"run-start","version":"1.0","time":"t","config":{},"seed":1,"backend":"cpu"}\n{"type":"step","ep');
 * if (log.records.length !== 1 || !log.truncated) throw new Error("unexpected");
 * ```
 */
export function parseRunLog(text: string | Uint8Array, options?: ReadRunLogOptions): RunLog {
  const parser = new RunLogParser(options);
  const records = parser.push(typeof text === "string" ? text : new TextDecoder().decode(text));
  const end = parser.finish();
  if (end.last) records.push(end.last);
  return { records, version: end.version, truncated: end.truncated, skipped: end.skipped };
}

/**
 * Reads a run log from a byte stream (a `fetch` body, `File.stream()`, `Deno.FsFile.readable`),
 * holding at most one line in memory. The stream is cancelled when a record is invalid.
 *
 * @param stream UTF-8 bytes of `run.jsonl`.
 * @param options Limits and the name used in messages.
 * @returns The valid records and whether an incomplete last line was left out.
 * @throws {SyntaxError | TypeError | RangeError} As {@link RunLogParser.push}, naming the line.
 */
export async function readRunLog(
  stream: ReadableStream<Uint8Array>,
  options?: ReadRunLogOptions,
): Promise<RunLog> {
  const parser = new RunLogParser(options);
  const decoder = new TextDecoder();
  const records: RunLogRecord[] = [];
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const r of parser.push(decoder.decode(value, { stream: true }))) records.push(r);
    }
    for (const r of parser.push(decoder.decode())) records.push(r);
  } catch (e) {
    await reader.cancel().catch(() => {});
    throw e;
  } finally {
    reader.releaseLock();
  }
  const end = parser.finish();
  if (end.last) records.push(end.last);
  return { records, version: end.version, truncated: end.truncated, skipped: end.skipped };
}
