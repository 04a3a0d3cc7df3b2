// Feeding bytes to a decompressor a slice at a time. Runtime-neutral.
//
// A DecompressionStream turns each written chunk into all of its output at once, whatever the
// reader's backpressure: handed a whole 550 KB gzip bomb in one chunk it inflates hundreds of MB
// before the first read. Slices of 4 KiB bound that to about 4 MiB per step (deflate expands at
// most 1032:1), and the pipe only pulls the next slice once the output has been read.

/** Input slice size for decompressors. */
export const INFLATE_SLICE_BYTES = 4 * 1024;

/** `bytes` as a pull stream of views of at most `slice` bytes (no copies). */
export function slicedStream(bytes: Uint8Array, slice = INFLATE_SLICE_BYTES): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (at >= bytes.length) {
          controller.close();
          return;
        }
        const end = Math.min(at + slice, bytes.length);
        controller.enqueue(bytes.subarray(at, end));
        at = end;
      },
    },
    { highWaterMark: 0 },
  );
}

/** `stream` re-cut into views of at most `slice` bytes, pulled one at a time. */
export function reslicedStream(
  stream: ReadableStream<Uint8Array>,
  slice = INFLATE_SLICE_BYTES,
): ReadableStream<Uint8Array> {
  const reader = stream.getReader();
  let pending: Uint8Array = new Uint8Array(0);
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        while (pending.length === 0) {
          const { done, value } = await reader.read();
          if (done) {
            controller.close();
            return;
          }
          pending = value;
        }
        controller.enqueue(pending.subarray(0, slice));
        pending = pending.subarray(Math.min(slice, pending.length));
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}
