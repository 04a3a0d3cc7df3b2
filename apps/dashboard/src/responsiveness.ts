/**
 * Measures how responsive the main thread stays while something runs: the longest task reported by
 * the Long Tasks API (tasks of 50 ms or more) and the longest gap between animation frames.
 * @module
 */

/** What a {@link MainThreadProbe} saw. */
export interface Responsiveness {
  /** Longest long task in ms, 0 when none (every task was under 50 ms). */
  readonly longestTaskMs: number;
  readonly longTasks: number;
  /** Longest interval between two animation frames in ms. */
  readonly longestFrameGapMs: number;
  readonly frames: number;
  /** Whether the Long Tasks API was available. */
  readonly longTaskApi: boolean;
}

/** Watches the main thread between `start()` and `stop()`. */
export class MainThreadProbe {
  #observer: PerformanceObserver | null = null;
  #longest = 0;
  #count = 0;
  #gap = 0;
  #frames = 0;
  #last = 0;
  #raf = 0;
  #api = false;

  start(): void {
    this.stop();
    this.#longest = this.#count = this.#gap = this.#frames = 0;
    this.#api = PerformanceObserver.supportedEntryTypes?.includes("longtask") ?? false;
    if (this.#api) {
      this.#observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          this.#count++;
          this.#longest = Math.max(this.#longest, e.duration);
        }
      });
      this.#observer.observe({ type: "longtask" });
    }
    this.#last = performance.now();
    const tick = (now: number) => {
      if (this.#frames > 0) this.#gap = Math.max(this.#gap, now - this.#last);
      this.#frames++;
      this.#last = now;
      this.#raf = requestAnimationFrame(tick);
    };
    this.#raf = requestAnimationFrame(tick);
  }

  /** Current readings (also valid while running). */
  read(): Responsiveness {
    return {
      longestTaskMs: this.#longest,
      longTasks: this.#count,
      longestFrameGapMs: this.#gap,
      frames: this.#frames,
      longTaskApi: this.#api,
    };
  }

  stop(): void {
    this.#observer?.disconnect();
    this.#observer = null;
    if (this.#raf) cancelAnimationFrame(this.#raf);
    this.#raf = 0;
  }
}

/** One sentence for the page. */
export function describeResponsiveness(r: Responsiveness): string {
  const task = !r.longTaskApi
    ? "Long Tasks API unavailable"
    : r.longTasks === 0
      ? "no main-thread task reached 50 ms"
      : `longest main-thread task ${r.longestTaskMs.toFixed(0)} ms (${r.longTasks} over 50 ms)`;
  return `Main thread during training: ${task}; longest gap between frames ${r.longestFrameGapMs.toFixed(0)} ms over ${r.frames} frames.`;
}
