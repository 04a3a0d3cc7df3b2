/**
 * Following a run log as `mnist train` appends to it: the bytes after what was read are fetched with a
 * Range request once a second, and only whole lines are taken (a line being written is read on the
 * next poll), so the charts grow without the log being read again. The follow ends with the run's
 * run-end or error record, when the caller says the run stopped and nothing more came, or on `stop()`.
 * @module
 */
import { formatRecord, RunLogParser, type RunLogRecord, type RunStartRecord } from "@mnist/metrics";

/** What {@link LiveLog} needs. */
export interface LiveLogOptions {
  /** The log's absolute URL. */
  readonly url: string;
  /** Bytes already read, through the last complete line. */
  readonly offset: number;
  /** The log's run-start record (the parser takes what follows it). */
  readonly start: RunStartRecord;
  /** Receives the records each poll completes, in log order. */
  readonly onRecords: (records: RunLogRecord[]) => void;
  /** Told once when following ends, with why (a failure is a one-line message). */
  readonly onEnd: (why: "ended" | "stopped" | "replaced" | string) => void;
  /** Whether the writer is still at work; when it is not and a poll brings nothing, following ends. */
  readonly running?: () => boolean;
  /** Milliseconds between polls (default 1000). */
  readonly intervalMs?: number;
}

/** A run log being followed; see the module comment. */
export class LiveLog {
  readonly #options: LiveLogOptions;
  readonly #parser: RunLogParser;
  #offset: number;
  /** Bytes of a line not yet ended. */
  #pending = new Uint8Array(0);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #done = false;

  constructor(options: LiveLogOptions) {
    this.#options = options;
    this.#offset = options.offset;
    this.#parser = new RunLogParser({ source: new URL(options.url).pathname });
    this.#parser.push(formatRecord(options.start));
    this.#schedule();
  }

  /** The log's URL. */
  get url(): string {
    return this.#options.url;
  }

  /** Stops following (nothing more is delivered). */
  stop(): void {
    this.#end("stopped");
  }

  #end(why: string): void {
    if (this.#done) return;
    this.#done = true;
    clearTimeout(this.#timer);
    this.#options.onEnd(why);
  }

  #schedule(): void {
    if (this.#done) return;
    this.#timer = setTimeout(() => void this.#poll(), this.#options.intervalMs ?? 1000);
  }

  async #poll(): Promise<void> {
    let bytes: Uint8Array | null;
    try {
      bytes = await this.#fetchNew();
    } catch (error) {
      this.#end(error instanceof Error ? error.message : String(error));
      return;
    }
    if (this.#done) return;
    if (bytes === null) return this.#end("replaced");
    const records = this.#take(bytes);
    if (records === null) return;
    if (records.length > 0) this.#options.onRecords(records);
    if (records.some((r) => r.type === "run-end" || r.type === "error")) return this.#end("ended");
    if (bytes.length === 0 && this.#options.running && !this.#options.running()) return this.#end("ended");
    this.#schedule();
  }

  /** The bytes after the offset (none yet: empty); null when the log was replaced by a shorter one. */
  async #fetchNew(): Promise<Uint8Array | null> {
    const from = this.#offset + this.#pending.length;
    const response = await fetch(this.#options.url, {
      headers: { Range: `bytes=${from}-` },
      cache: "no-store",
    }).catch((error: unknown) => {
      throw new TypeError(
        `Cannot follow run log ${this.#options.url}: network error (${error instanceof Error ? error.message : error}): the server stopped, expected "mnist dashboard" to be running`,
      );
    });
    if (response.status === 416) {
      await response.body?.cancel();
      const size = Number(response.headers.get("content-range")?.split("/")[1]);
      return Number.isFinite(size) && size < from ? null : new Uint8Array(0);
    }
    if (response.status === 206) return new Uint8Array(await response.arrayBuffer());
    if (response.status === 200) {
      // A server that ignores ranges sends it all: the new part is what lies past the offset.
      const all = new Uint8Array(await response.arrayBuffer());
      return all.length < from ? null : all.subarray(from);
    }
    await response.body?.cancel();
    throw new Error(`Cannot follow run log ${this.#options.url}: HTTP ${response.status}, expected 206`);
  }

  /** Parses the whole lines of `bytes` (after what was pending); null after a parse failure. */
  #take(bytes: Uint8Array): RunLogRecord[] | null {
    if (bytes.length === 0) return [];
    const all = new Uint8Array(this.#pending.length + bytes.length);
    all.set(this.#pending);
    all.set(bytes, this.#pending.length);
    const cut = all.lastIndexOf(10) + 1;
    this.#pending = all.slice(cut);
    if (cut === 0) return [];
    this.#offset += cut;
    try {
      return this.#parser.push(new TextDecoder().decode(all.subarray(0, cut)));
    } catch (error) {
      this.#end(error instanceof Error ? error.message : String(error));
      return null;
    }
  }
}
