/**
 * The clocks `pnpm bench --clock` offers: wall time, or CPU time (user + system), which a busy shared
 * machine disturbs far less; for single-threaded CPU work they agree on an idle machine. Deno's
 * `process.cpuUsage` counts the calling thread only, so work a Worker does needs
 * {@link allThreadsCpuClock}. Measuring and summarising live in `@mnist/softmax/bench`.
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

/**
 * Milliseconds of CPU time of every thread of this process (Workers and the runtime's own threads
 * included), from Linux's per-thread scheduler statistics (`/proc/self/task/N/schedstat`, in ns);
 * null where they cannot be read. For the CPU sweep row, whose group runs on two threads.
 */
export function allThreadsCpuClock(): Clock | null {
  const read = (): number => {
    let ns = 0;
    for (const task of Deno.readDirSync("/proc/self/task")) {
      try {
        ns += Number(Deno.readTextFileSync(`/proc/self/task/${task.name}/schedstat`).split(" ")[0]);
      } catch {
        // the thread ended between the listing and the read
      }
    }
    return ns / 1e6;
  };
  try {
    read();
  } catch {
    return null;
  }
  return read;
}
