/**
 * `mnist dashboard [RUNS_DIR]`: serves the built dashboard and a runs directory on 127.0.0.1, read-only,
 * so the page lists the runs and follows a training run live (dashboard_server.ts). The launcher grants
 * read of the two directories and the network for listening on the one loopback address and port.
 * @module
 */
import { fileURLToPath } from "node:url";
import { describeFsError } from "./checked_fs.ts";
import type { Command } from "./command.ts";
import { dashboardHandler } from "./dashboard_server.ts";
import { numberFlag, type ParsedFlags, stringFlag } from "./flags.ts";
import { UsageError } from "./usage_error.ts";

/** The dashboard's build in a checkout of this repository (`pnpm --filter @mnist/dashboard build`). */
export const CHECKOUT_APP_DIR = fileURLToPath(new URL("../../dashboard/dist", import.meta.url));
/** The one command that builds it. */
export const BUILD_COMMAND = "pnpm --filter @mnist/dashboard build";
const HOST = "127.0.0.1";
const DEFAULT_PORT = 8080;

const HELP = `Usage: mnist dashboard [RUNS_DIR] [--port N] [--app DIR]

Serves the dashboard and the runs in RUNS_DIR (default: runs) at http://127.0.0.1:PORT/, read-only,
until Ctrl-C. The page lists the runs (dataset, configuration, epochs, final and best accuracy,
duration, running / finished / failed / interrupted), adds runs as they appear and draws a running
run's charts as its log grows; a run opens in the full run view. Only this machine can connect.

The page is the dashboard's build: from a checkout it is apps/dashboard/dist, made by
"${BUILD_COMMAND}" (run it again after changing the dashboard).

Flags:
  --port N     the port on 127.0.0.1 (default ${DEFAULT_PORT}; 0 picks a free one, printed at start)
  --app DIR    the dashboard's build to serve (default: apps/dashboard/dist of this checkout)
  -h, --help   show this help

Permissions: read of RUNS_DIR and the build, and listening on 127.0.0.1:PORT; nothing is written.

Examples:
  mnist dashboard
  mnist dashboard runs --port 0`;

const FLAGS = { port: { type: "string" }, app: { type: "string" } } as const;

function runsDir(flags: ParsedFlags): string {
  return flags.positionals[0] ?? "runs";
}
function appDir(flags: ParsedFlags): string {
  return stringFlag(flags, "app") ?? CHECKOUT_APP_DIR;
}
function port(flags: ParsedFlags): number {
  return numberFlag(flags, "port", DEFAULT_PORT, { integer: true, min: 0, max: 65535 });
}

/** Refuses a runs directory that is not one and a missing build, naming what to do instead. */
async function checkDirs(runs: string, app: string, appGiven: boolean): Promise<void> {
  const info = await Deno.stat(runs).catch((error) => describeFsError(error));
  if (typeof info === "string" || !info.isDirectory)
    throw new UsageError(
      `Cannot serve RUNS_DIR ${runs}: it is ${typeof info === "string" ? info : "not a directory"}, expected a directory of runs (mnist train --out ${runs}/NAME)`,
    );
  const index = await Deno.stat(`${app}/index.html`).catch(() => null);
  if (!index?.isFile)
    throw new UsageError(
      appGiven
        ? `Cannot use --app ${app}: it holds no index.html, expected the dashboard's build (${BUILD_COMMAND} makes apps/dashboard/dist)`
        : `Cannot serve the dashboard: ${app}/index.html is missing, expected its build; run "${BUILD_COMMAND}" first`,
    );
}

/** Serves until SIGINT; returns the exit code. */
async function serve(flags: ParsedFlags): Promise<number> {
  const runs = runsDir(flags);
  const app = appDir(flags);
  const wanted = port(flags);
  await checkDirs(runs, app, stringFlag(flags, "app") !== undefined);
  const hosts: string[] = [];
  const handler = dashboardHandler({ appDir: app, runsDir: runs, hosts });
  let server: Deno.HttpServer;
  try {
    server = Deno.serve({ hostname: HOST, port: wanted, onListen() {} }, handler);
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse)
      throw new UsageError(
        `Cannot listen on ${HOST}:${wanted}: the port is taken (another server, or another "mnist dashboard"), expected a free port; try --port 0 for any free one`,
      );
    throw error;
  }
  const { port: bound } = server.addr as Deno.NetAddr;
  hosts.push(`${HOST}:${bound}`, `localhost:${bound}`);
  console.log(`Serving the dashboard and ${runs} at http://${HOST}:${bound}/ (Ctrl-C to stop)`);
  const stop = () => void server.shutdown();
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  await server.finished;
  Deno.removeSignalListener("SIGINT", stop);
  Deno.removeSignalListener("SIGTERM", stop);
  return 0;
}

/** `mnist dashboard`. */
export const dashboardCommand: Command = {
  name: "dashboard",
  summary: "serve the dashboard and a runs directory on 127.0.0.1 (live run list)",
  help: HELP,
  flags: FLAGS,
  positionals: 1,
  access: (flags) => ({
    read: [runsDir(flags), appDir(flags)],
    write: [],
    net: false,
    listen: `${HOST}:${port(flags)}`,
  }),
  run: serve,
};
