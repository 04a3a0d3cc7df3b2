// Reads exact byte counts from a ReadableStream without holding more than one chunk. Runtime-neutral.

/** Pulls bytes from a stream into caller-owned buffers. */
export class ByteReader {
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #pending: Uint8Array = new Uint8Array(0);
  #done = false;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.#reader = stream.getReader();
  }

  /** Fills `dst` from the stream; returns how many bytes were written (fewer only at the end). */
  async fill(dst: Uint8Array): Promise<number> {
    let filled = 0;
    while (filled < dst.length) {
      if (this.#pending.length === 0) {
        if (this.#done) break;
        const { done, value } = await this.#reader.read();
        if (done) {
          this.#done = true;
          break;
        }
        this.#pending = value;
      }
      const n = Math.min(this.#pending.length, dst.length - filled);
      dst.set(this.#pending.subarray(0, n), filled);
      this.#pending = this.#pending.subarray(n);
      filled += n;
    }
    return filled;
  }

  /** Reads up to `n` bytes into a new array. */
  async read(n: number): Promise<Uint8Array> {
    const out = new Uint8Array(n);
    return out.subarray(0, await this.fill(out));
  }

  /** Counts the bytes left in the stream without keeping them, stopping once more than `limit` are seen. */
  async countRest(limit: number): Promise<number> {
    let n = this.#pending.length;
    this.#pending = new Uint8Array(0);
    while (!this.#done && n <= limit) {
      const { done, value } = await this.#reader.read();
      if (done) this.#done = true;
      else n += value.length;
    }
    return n;
  }

  /** The unread rest as a stream (used to put a decompressor in front). */
  rest(): ReadableStream<Uint8Array> {
    let first: Uint8Array | undefined = this.#pending.length > 0 ? this.#pending : undefined;
    const reader = this.#reader;
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (first) {
          controller.enqueue(first);
          first = undefined;
          return;
        }
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    });
  }

  /** Stops reading and releases the stream. */
  async cancel(): Promise<void> {
    if (!this.#done) await this.#reader.cancel().catch(() => {});
  }
}
