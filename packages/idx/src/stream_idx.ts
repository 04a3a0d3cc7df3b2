/**
 * Streaming reads: records in batches from a `ReadableStream` (a file stream, a `fetch` body,
 * `File.stream()`), never holding the whole file.
 *
 * Runtime-neutral: no file system, network or DOM access.
 * @module
 */
import { ByteReader } from "./_byte_reader.ts";
import { shape, where } from "./_error_wording.ts";
import { gunzipStream, isGzip } from "./gzip.ts";
import type { IdxDataMap, IdxHeader, IdxType } from "./idx_types.ts";
import { parseIdxHeader } from "./parse_header.ts";
import { decodeIdxData } from "./parse_idx.ts";

/** A run of consecutive records (slices along the first dimension). */
export interface IdxBatch<T extends IdxType = IdxType> {
  /** The file's header. */
  readonly header: IdxHeader;
  /** Index of the first record of this batch. */
  readonly start: number;
  /** Records in this batch. */
  readonly count: number;
  /** `count × (product of dims[1..])` elements, in host byte order. */
  readonly data: IdxDataMap[T];
}

/** Options of {@link streamIdx}. */
export interface StreamIdxOptions {
  /** The file name, used in error messages. */
  name?: string;
  /** Records per batch; by default as many as fit in 1 MiB (at least 1). */
  batchRecords?: number;
  /** Stops the stream (the generator throws the signal's reason). */
  signal?: AbortSignal;
}

const DEFAULT_BATCH_BYTES = 1 << 20;

/**
 * Reads an IDX stream (raw or gzip, detected by its magic) record batch by record batch. The header is
 * validated before the first batch; a stream that ends early or runs past the declared size is an error
 * after the last full batch.
 * @param stream the file bytes.
 * @param options file name, batch size and abort signal.
 * @returns an async iterable of batches; breaking out of it cancels the stream.
 * @throws {SyntaxError} on a bad magic or corrupt gzip.
 * @throws {RangeError} on a malformed header, truncated data or trailing bytes.
 * @example
 * ```ts
 * import { streamIdx } from "@mnist/idx";
 * const file = new Uint8Array([0, 0, 8, 2, 0, 0, 0, 3, 0, 0, 0, 2, 1, 2, 3, 4, 5, 6]);
 * for await (const b of streamIdx(new Blob([file]).stream(), { batchRecords: 2 })) {
 *   console.log(b.start, b.count, Array.from(b.data)); // 0 2 [1, 2, 3, 4], then 2 1 [5, 6]
 * }
 * ```
 */
export async function* streamIdx(
  stream: ReadableStream<Uint8Array>,
  options: StreamIdxOptions = {},
): AsyncGenerator<IdxBatch, void, undefined> {
  const { name } = options;
  let reader = new ByteReader(stream);
  try {
    const magic = await reader.read(4);
    if (isGzip(magic)) {
      reader = new ByteReader(gunzipStream(prepend(magic, reader.rest()), name));
      yield* records(reader, await reader.read(4), options);
    } else {
      yield* records(reader, magic, options);
    }
  } finally {
    await reader.cancel();
  }
}

function prepend(first: Uint8Array, rest: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = rest.getReader();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(first);
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

async function* records(
  reader: ByteReader,
  magic: Uint8Array,
  options: StreamIdxOptions,
): AsyncGenerator<IdxBatch, void, undefined> {
  const { name, signal } = options;
  const rank = magic.length === 4 ? magic[3] : 0;
  const head = new Uint8Array(4 + 4 * rank);
  head.set(magic);
  const headLength = magic.length + (rank > 0 ? await reader.fill(head.subarray(4)) : 0);
  const header = parseIdxHeader(head.subarray(0, headLength), name);
  const records = header.dims[0];
  const recordBytes = records === 0 ? 0 : header.dataBytes / records;
  const perBatch =
    options.batchRecords ?? Math.max(1, Math.floor(DEFAULT_BATCH_BYTES / Math.max(recordBytes, 1)));
  let start = 0;
  while (start < records && recordBytes > 0) {
    signal?.throwIfAborted();
    const count = Math.min(perBatch, records - start);
    const bytes = new Uint8Array(count * recordBytes);
    const got = await reader.fill(bytes);
    if (got < bytes.length) {
      const seen = start * recordBytes + got;
      throw new RangeError(
        `Cannot read IDX data${where(name)}: stream ended after ${seen} bytes of data, expected ${header.dataBytes} for ${shape(header.dims, header.type)}`,
      );
    }
    yield { header, start, count, data: decodeIdxData(bytes, header.type) as IdxDataMap[IdxType] };
    start += count;
  }
  if (recordBytes === 0 && records > 0) {
    yield { header, start: 0, count: records, data: decodeIdxData(new Uint8Array(0), header.type) };
  }
  const extra = await reader.countRest(0);
  if (extra > 0) {
    throw new RangeError(
      `Cannot read IDX data${where(name)}: stream continues past the ${header.dataBytes} bytes declared, expected exactly ${header.dataBytes} for ${shape(header.dims, header.type)}`,
    );
  }
}
