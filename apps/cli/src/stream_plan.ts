/**
 * `train --memory-budget`: the budget (given, recorded, or a share of the machine's memory), and
 * whether a run streams its training set from disk, with which layout.
 * @module
 */
import { join } from "node:path";
import { findDatasetFiles, gunzipStream, type IdxHeader, parseIdxHeader } from "@mnist/idx";
import { openRegularFile } from "@mnist/idx/fs";
import { type StreamLayout, streamLayout } from "@mnist/softmax";
import { checkInside } from "./checked_fs.ts";
import { asUsageError, EMBEDDED_DATA_DIR, listDataDir } from "./data.ts";
import { peekGzip } from "./stream_data.ts";
import { UsageError } from "./usage_error.ts";

/** Shards per shuffle buffer (see `streamBatchSource`): enough to mix shards, small enough to read in large runs. */
export const BUFFER_SHARDS = 4;

const UNITS: Record<string, number> = { "": 1, b: 1, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };

/**
 * Parses `--memory-budget`: bytes with an optional binary unit (`512MiB`, `2GiB`, `65536`).
 * @throws {UsageError} naming the flag.
 */
export function parseMemoryBudget(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = m === null ? undefined : UNITS[m[2].toLowerCase()];
  const bytes = m === null || unit === undefined ? Number.NaN : Math.floor(Number(m[1]) * unit);
  if (!(bytes >= 2 ** 20)) {
    throw new UsageError(
      `Cannot use --memory-budget ${text}: expected a size of at least 1MiB, e.g. 512MiB or 2GiB`,
    );
  }
  return bytes;
}

/** The budget when none is given: an eighth of the machine's memory, from 256 MiB to 2 GiB, and why. */
export function defaultMemoryBudget(): { bytes: number; why: string } {
  let total: number | undefined;
  try {
    total = Deno.systemMemoryInfo().total;
  } catch {
    // not granted or not supported: the fixed default below
  }
  if (total === undefined || !(total > 0)) return { bytes: 2 ** 30, why: "the machine's memory is unknown" };
  const bytes = Math.min(2 ** 31, Math.max(2 ** 28, Math.floor(total / 8 / 2 ** 20) * 2 ** 20));
  return { bytes, why: `an eighth of this machine's ${formatBytes(total)}, from 256 MiB to 2 GiB` };
}

/** `1.5 GiB`, `512 MiB`. */
export function formatBytes(n: number): string {
  if (n >= 2 ** 30) return `${+(n / 2 ** 30).toFixed(1)} GiB`;
  return `${+(n / 2 ** 20).toFixed(1)} MiB`;
}

/**
 * Bytes of the training images and labels of `dir`'s train set (after `limit`), from the images'
 * header alone; 0 when that cannot be read, so that the loader reports the problem in its own words.
 */
export async function trainImageBytes(dir: string | undefined, limit: number | undefined): Promise<number> {
  const where = dir ?? EMBEDDED_DATA_DIR;
  try {
    const files = findDatasetFiles(await listDataDir(where, dir === undefined), { location: where });
    const path = join(where, files.trainImages);
    await checkInside(
      where,
      path,
      dir === undefined ? `the embedded MNIST at ${where}` : `--data-dir ${where}`,
    );
    const header = await readHeader(path);
    const count = Math.min(header.dims[0], limit ?? Number.POSITIVE_INFINITY);
    return header.dims.length === 3 ? count * (header.dims[1] * header.dims[2] + 1) : 0;
  } catch {
    return 0;
  }
}

async function readHeader(path: string): Promise<IdxHeader> {
  try {
    const handle = await openRegularFile(path);
    try {
      const stream = handle.readableWebStream() as ReadableStream<Uint8Array>;
      const reader = (await peekGzip(path)) ? gunzipStream(stream, path).getReader() : stream.getReader();
      const head = new Uint8Array(16);
      let got = 0;
      while (got < 16) {
        const { done, value } = await reader.read();
        if (done) break;
        const n = Math.min(16 - got, value.length);
        head.set(value.subarray(0, n), got);
        got += n;
      }
      await reader.cancel().catch(() => {});
      const rank = got >= 4 ? head[3] : 0;
      return parseIdxHeader(head.subarray(0, Math.min(got, 4 + 4 * rank)), path);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw asUsageError(error, path) ?? error;
  }
}

/** The layout of a new run under `budget` bytes. */
export function describeLayout(layout: StreamLayout, count: number, features: number): string {
  const shards = Math.ceil(count / layout.shardRows);
  const buffer = formatBytes(layout.shardRows * layout.bufferShards * (features + 1));
  return `${shards} shards of ${layout.shardRows} images, shuffled ${layout.bufferShards} shards (${buffer}) at a time`;
}

/** Whether a run streams its training set, under which budget, and how it cuts the set. */
export interface StreamingPlan {
  readonly budget: { readonly bytes: number; readonly why: string };
  /** Bytes of the training images and labels (after `--limit`). */
  readonly trainBytes: number;
  readonly streamed: boolean;
  /** The layout of a streamed run (a resumed run's recorded one). */
  layout(features: number): StreamLayout;
  /** For the output: the budget, and whether the set is held or streamed. */
  describe(features: number): string;
}

/** What a resumed run recorded about streaming (`run.jsonl` run-start config, checkpoint sidecar). */
export interface RecordedStreaming {
  readonly memoryBudget?: number;
  readonly stream?: StreamLayout;
}

/**
 * Decides whether to stream: a new run streams when its training set is larger than the budget, a
 * resumed run as it was started (with its recorded layout), so that it continues to the same bytes.
 * @param flag the `--memory-budget` text, if given.
 * @param resume what the resumed run recorded.
 */
export async function planStreaming(
  flag: string | undefined,
  resume: RecordedStreaming | undefined,
  dataDir: string | undefined,
  limit: number | undefined,
): Promise<StreamingPlan> {
  const budget =
    flag !== undefined
      ? { bytes: parseMemoryBudget(flag), why: "--memory-budget" }
      : resume?.memoryBudget !== undefined
        ? { bytes: resume.memoryBudget, why: "the resumed run's" }
        : defaultMemoryBudget();
  const trainBytes = await trainImageBytes(dataDir, limit);
  const streamed = resume === undefined ? trainBytes > budget.bytes : resume.stream !== undefined;
  const layout = (features: number) => resume?.stream ?? streamLayout(budget.bytes, features, BUFFER_SHARDS);
  return {
    budget,
    trainBytes,
    streamed,
    layout,
    describe: (features) =>
      `memory budget: ${formatBytes(budget.bytes)} (${budget.why}); training set ${formatBytes(trainBytes)}: ${
        streamed
          ? `streamed from disk, ${describeLayout(layout(features), Math.round(trainBytes / (features + 1)), features)}`
          : "held in memory"
      }`,
  };
}
