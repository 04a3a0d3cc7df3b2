/**
 * Reading a training set larger than the memory budget: its images stay on disk and are read in
 * shards (positional reads of the raw IDX file; a `.gz` file is inflated once into the run directory
 * and removed at the end). Labels and the test set are read into memory.
 * @module
 */
import { createHash } from "node:crypto";
import type { FileHandle } from "node:fs/promises";
import { join } from "node:path";
import {
  CLASS_NAMES_FILE,
  checkSplits,
  DATASET_ROLES,
  type Dataset,
  type DatasetIdentity,
  type DatasetRole,
  datasetFromIdx,
  findDatasetFiles,
  gunzipStream,
  type IdxHeader,
  inflateIdx,
  isGzip,
  KNOWN_DATASETS,
  maxLabel,
  parseClassNames,
  parseIdx,
  parseIdxHeader,
} from "@mnist/idx";
import { openRegularFile } from "@mnist/idx/fs";
import type { ShardedTrainingSet } from "@mnist/softmax";
import { checkInside } from "./checked_fs.ts";
import { asUsageError, EMBEDDED_DATA_DIR, type LoadedData, listDataDir, readDataFile } from "./data.ts";
import { UsageError } from "./usage_error.ts";

/** A data directory whose training images stream from disk. */
export interface StreamedData {
  /** Training images in storage, labels in memory. */
  readonly train: ShardedTrainingSet & { readonly rows: number; readonly cols: number };
  readonly test: Dataset;
  /** The data directory read. */
  readonly dir: string;
  /** What was read and verified (no `train`/`test` arrays: see those above). */
  readonly verified: Promise<Omit<LoadedData, "train" | "test">>;
  /** Closes the file and removes an inflated copy. */
  close(): Promise<void>;
}

/** Whether the file starts with the gzip magic. */
export async function peekGzip(path: string): Promise<boolean> {
  const handle = await openRegularFile(path);
  try {
    const magic = new Uint8Array(4);
    const { bytesRead } = await handle.read(magic, 0, 4, 0);
    return isGzip(magic.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/**
 * Opens `dir` for streaming: checks and hashes all four files, reads the labels and the test set,
 * and leaves the training images on disk (a `.gz` inflated into `scratchDir` first).
 * @throws {UsageError} naming the file on anything missing or malformed.
 */
export async function openStreamedData(
  dir: string | undefined,
  limit: number | undefined,
  scratchDir: string,
  options: { classNames?: readonly string[] } = {},
): Promise<StreamedData> {
  const started = performance.now();
  const embedded = dir === undefined;
  const where = dir ?? EMBEDDED_DATA_DIR;
  const phrase = embedded ? `the embedded MNIST at ${where}` : `--data-dir ${where}`;
  const listed = await listDataDir(where, embedded);
  const files = findDatasetFiles(listed, { location: where });
  const path = (role: DatasetRole) => join(where, files[role]);
  for (const role of DATASET_ROLES) await checkInside(where, path(role), phrase);
  // Labels and the test set as any loader reads them: inflated when gzipped, hashed uncompressed.
  const small = async (role: DatasetRole) => {
    const bytes = await inflated(await readDataFile(path(role)), path(role));
    return { idx: parse(bytes, path(role)), sha256: createHash("sha256").update(bytes).digest("hex") };
  };
  const [trainLabels, testImages, testLabels] = [
    await small("trainLabels"),
    await small("testImages"),
    await small("testLabels"),
  ];
  const images = await openImages(path("trainImages"), scratchDir);
  try {
    const [, rows, cols] = images.header.dims;
    const all = trainLabels.idx.dims[0];
    if (
      images.header.dims[0] !== all ||
      images.header.type !== "u8" ||
      images.header.dims.length !== 3 ||
      !(rows >= 1 && cols >= 1)
    ) {
      throw new UsageError(
        `Cannot stream ${path("trainImages")}: it holds ${images.header.type} of shape ${images.header.dims.join("×")}, expected u8 images N×H×W with N = ${all} (the labels in ${path("trainLabels")}) and H, W ≥ 1`,
      );
    }
    const count = Math.min(all, limit ?? all);
    const labels = (trainLabels.idx.data as Uint8Array).subarray(0, count);
    const sums = {
      trainImages: images.sha256,
      trainLabels: trainLabels.sha256,
      testImages: testImages.sha256,
      testLabels: testLabels.sha256,
    };
    const known = KNOWN_DATASETS.find((d) => DATASET_ROLES.every((r) => d.files[r].sha256 === sums[r]));
    const namesFile =
      known === undefined && options.classNames === undefined && listed.includes(CLASS_NAMES_FILE)
        ? parseClassNames(await readDataFile(join(where, CLASS_NAMES_FILE)), join(where, CLASS_NAMES_FILE))
        : undefined;
    const given = options.classNames ?? namesFile;
    const testLabelArray = testLabels.idx.data as Uint8Array;
    const classes =
      known?.classes ??
      given?.length ??
      Math.max(maxLabel(trainLabels.idx.data as Uint8Array), maxLabel(testLabelArray)) + 1;
    const test = datasetFromIdx(
      testImages.idx,
      testLabels.idx,
      { images: path("testImages"), labels: path("testLabels") },
      classes,
    );
    checkSplits({ count: all, rows, cols }, test, {
      trainImages: path("trainImages"),
      testImages: path("testImages"),
    });
    const bad = labels.findIndex((y) => y >= classes);
    if (bad >= 0) {
      throw new UsageError(
        `Cannot load dataset from ${path("trainLabels")}: label ${bad} is ${labels[bad]}, expected below ${classes}`,
      );
    }
    const classNames = [
      ...(given ?? known?.classNames ?? Array.from({ length: classes }, (_, i) => String(i))),
    ];
    const identity: DatasetIdentity = {
      name: known?.id ?? "custom",
      dir: where,
      files: Object.fromEntries(
        DATASET_ROLES.map((r) => [r, { name: files[r], sha256: sums[r] }]),
      ) as DatasetIdentity["files"],
      imageShape: [rows, cols],
      classCount: classes,
      classNames,
    };
    const F = rows * cols;
    const offset = images.header.headerBytes;
    const train = {
      count,
      rows,
      cols,
      features: F,
      classes,
      async read(start: number, n: number, into: Uint8Array, intoLabels: Uint8Array) {
        await readAt(images.handle, into.subarray(0, n * F), offset + start * F, images.path);
        intoLabels.set(labels.subarray(start, start + n));
      },
    };
    const verified = Promise.resolve({
      known,
      files: identity.files,
      identity,
      dir: where,
      embedded,
      loadMs: performance.now() - started,
    });
    return { train, test, dir: where, verified, close: images.close };
  } catch (error) {
    await images.close();
    throw asUsageError(error, where) ?? error;
  }
}

async function inflated(bytes: Uint8Array, path: string): Promise<Uint8Array> {
  try {
    return isGzip(bytes) ? await inflateIdx(bytes, path) : bytes;
  } catch (error) {
    throw asUsageError(error, path) ?? error;
  }
}

function parse(bytes: Uint8Array, path: string) {
  try {
    return parseIdx(bytes, path);
  } catch (error) {
    throw asUsageError(error, path) ?? error;
  }
}

/** Fills `into` from `position` of the file; a short file is an error naming it. */
async function readAt(handle: FileHandle, into: Uint8Array, position: number, path: string): Promise<void> {
  let got = 0;
  while (got < into.length) {
    const { bytesRead } = await handle.read(into, got, into.length - got, position + got);
    if (bytesRead === 0) {
      throw new UsageError(
        `Cannot read ${path}: it ended at byte ${position + got}, expected ${into.length - got} more bytes`,
      );
    }
    got += bytesRead;
  }
}

interface OpenImages {
  readonly header: IdxHeader;
  readonly handle: FileHandle;
  /** The raw file read from (an inflated copy for a `.gz`). */
  readonly path: string;
  readonly sha256: string;
  close(): Promise<void>;
}

/** Opens the raw training images, hashing them; a `.gz` is inflated into `scratchDir` while hashed. */
async function openImages(path: string, scratchDir: string): Promise<OpenImages> {
  const gz = await peekGzip(path);
  const raw = gz ? join(scratchDir, `.inflated-${crypto.randomUUID()}`) : path;
  const hash = createHash("sha256");
  if (gz) await inflateTo(path, raw, hash);
  const handle = await openRegularFile(raw);
  const close = async () => {
    await handle.close().catch(() => {});
    if (gz) await Deno.remove(raw).catch(() => {});
  };
  try {
    const head = new Uint8Array(16);
    const { bytesRead } = await handle.read(head, 0, 16, 0);
    const rank = bytesRead >= 4 ? head[3] : 0;
    const header = parseIdxHeader(head.subarray(0, Math.min(bytesRead, 4 + 4 * rank)), path);
    const size = (await handle.stat()).size;
    if (size !== header.headerBytes + header.dataBytes) {
      throw new UsageError(
        `Cannot read ${path}: it holds ${size - header.headerBytes} bytes of data, expected ${header.dataBytes} for ${header.dims.join("×")} ${header.type}`,
      );
    }
    if (!gz) {
      const chunk = new Uint8Array(8 << 20);
      for (let at = 0; at < size; at += chunk.length) {
        const part = chunk.subarray(0, Math.min(chunk.length, size - at));
        await readAt(handle, part, at, path);
        hash.update(part);
      }
    }
    return { header, handle, path: raw, sha256: hash.digest("hex"), close };
  } catch (error) {
    await close();
    throw asUsageError(error, path) ?? error;
  }
}

/** Inflates `path` into `raw` (temp name, then renamed), feeding the hash, stopping past the declared size. */
async function inflateTo(path: string, raw: string, hash: ReturnType<typeof createHash>): Promise<void> {
  const source = await openRegularFile(path);
  const out = await Deno.open(raw, { write: true, createNew: true });
  try {
    const reader = gunzipStream(source.readableWebStream() as ReadableStream<Uint8Array>, path).getReader();
    let written = 0;
    let limit = Number.POSITIVE_INFINITY;
    const head: number[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (head.length < 16) {
        head.push(...value.subarray(0, 16 - head.length));
        if (head.length >= 4 && head.length >= 4 + 4 * head[3]) {
          const header = parseIdxHeader(Uint8Array.from(head.slice(0, 4 + 4 * head[3])), path);
          limit = header.headerBytes + header.dataBytes;
        }
      }
      written += value.length;
      if (written > limit) {
        await reader.cancel();
        throw new UsageError(
          `Cannot read ${path}: it inflates past the ${limit} bytes its header declares, expected exactly ${limit}`,
        );
      }
      hash.update(value);
      for (let at = 0; at < value.length; ) at += await out.write(value.subarray(at));
    }
  } catch (error) {
    await Deno.remove(raw).catch(() => {});
    throw error;
  } finally {
    out.close();
    await source.close();
  }
}
