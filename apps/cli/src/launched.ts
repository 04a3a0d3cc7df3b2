/**
 * The CLI as the launcher starts it: `launched.ts PROBE <command> [flags]`, where PROBE is the
 * launcher's WebGPU adapter probe as JSON, or `-` for none (see `launch.ts`). Everything else is
 * `main.ts`.
 * @module
 */
import { parseProbeArgument, useAdapterProbe } from "./backend_flag.ts";
import { main } from "./main.ts";

/** Takes the probe off `args` and runs `mnist` with the rest; returns the exit code. */
export async function runLaunched(args: readonly string[]): Promise<number> {
  const [probe, ...rest] = args;
  try {
    useAdapterProbe(parseProbeArgument(probe));
  } catch (error) {
    console.error(`mnist: ${error instanceof Error ? error.message : error}`);
    return 1;
  }
  return await main(rest);
}

if (import.meta.main) Deno.exit(await runLaunched(Deno.args));
