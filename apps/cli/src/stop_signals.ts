/**
 * The signals that stop `mnist train` and `mnist sweep` the way Ctrl-C does: SIGINT, and SIGTERM and
 * SIGHUP (what `kill`, a service manager or a closed terminal send, and what the launcher passes
 * on). Each aborts training after the current step, which then writes its checkpoint and a valid run
 * log; the command exits with 128 + the signal's number, as a shell reports a process the signal
 * ended (130, 143, 129).
 * @module
 */
import { INTERRUPTED_MESSAGE } from "./run_dir.ts";

/** The stop signals and their numbers (Linux, macOS). */
export const STOP_SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;

/** A stop signal's name. */
export type StopSignal = keyof typeof STOP_SIGNALS;

/** Listens for the stop signals until {@link StopSignals.remove}; the first one aborts `signal`. */
export class StopSignals {
  readonly #controller = new AbortController();
  readonly #listeners: [StopSignal, () => void][] = [];
  #received: StopSignal | undefined;

  constructor() {
    for (const name of Object.keys(STOP_SIGNALS) as StopSignal[]) {
      const listener = () => {
        this.#received ??= name;
        this.#controller.abort(new DOMException(`interrupted by ${name}`, "AbortError"));
      };
      try {
        Deno.addSignalListener(name, listener);
        this.#listeners.push([name, listener]);
      } catch {
        // not a signal this platform has (Windows has SIGINT alone)
      }
    }
  }

  /** Aborted by the first stop signal. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** 128 + the number of the signal that stopped the command (130 when none did). */
  get exitCode(): number {
    return 128 + STOP_SIGNALS[this.#received ?? "SIGINT"];
  }

  /**
   * The start of the run log's `error` record: {@link INTERRUPTED_MESSAGE}, which marks a run its
   * user stopped, naming the signal when it was not Ctrl-C.
   */
  get message(): string {
    const name = this.#received ?? "SIGINT";
    return name === "SIGINT" ? INTERRUPTED_MESSAGE : `${INTERRUPTED_MESSAGE} or ${name}`;
  }

  /** Stops listening. */
  remove(): void {
    for (const [name, listener] of this.#listeners) Deno.removeSignalListener(name, listener);
    this.#listeners.length = 0;
  }
}
