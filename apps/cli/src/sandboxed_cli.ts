/**
 * The CLI as the launcher starts it: `sandboxed_cli.ts PROBE <command> [flags]`, where PROBE is `-` (no
 * probe), `stdin` (the launcher's WebGPU adapter probe arrives as one line of JSON on stdin, while
 * the CLI starts) or that JSON itself (see `launcher.ts`). Everything else is `cli.ts`.
 * @module
 */
import { parseProbeArgument, useAdapterProbe } from "./backend_flag.ts";
import { main } from "./cli.ts";
import { errorMessage } from "./usage_error.ts";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return await new Response(stream).text();
}

/**
 * Takes the probe off `args` and runs `mnist` with the rest; returns the exit code.
 * @param args the probe argument, then the command line.
 * @param stdin where a `stdin` probe is read from.
 */
export async function runSandboxed(
  args: readonly string[],
  stdin: ReadableStream<Uint8Array> = Deno.stdin.readable,
): Promise<number> {
  const [probe, ...rest] = args;
  if (probe === "stdin") {
    // Waited for only when a backend is opened; a malformed line then fails that command.
    const handed = readAll(stdin).then((text) => parseProbeArgument(text.trim()));
    handed.catch(() => {}); // reported by openBackend, if it is ever needed
    useAdapterProbe(handed);
    return await main(rest);
  }
  try {
    useAdapterProbe(parseProbeArgument(probe));
  } catch (error) {
    console.error(`mnist: ${errorMessage(error)}`);
    return 1;
  }
  return await main(rest);
}

if (import.meta.main) Deno.exit(await runSandboxed(Deno.args));
