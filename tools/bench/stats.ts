/**
 * The clocks `pnpm bench --clock` offers: wall time, or this process's CPU time (user + system, all
 * threads), which a busy shared machine disturbs far less; for single-threaded CPU work they agree on
 * an idle machine. Measuring and summarising live in `@mnist/softmax/bench`.
 * @module
 */
import process from "node:process";
import type { Clock } from "@mnist/softmax/bench";

/** The `--clock` values. */
export type ClockName = "wall" | "cpu";

/** Milliseconds on the named clock. */
export function clockOf(name: ClockName): Clock {
  if (name === "wall") return () => performance.now();
  return () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
}
