/**
 * A tiny static file server for the browser tests and the docs tools: serves directories under URL
 * prefixes (the dashboard e2e tests mount the build under a sub-path, proving it has no absolute URLs),
 * optionally with extra headers such as cross-origin isolation. Developers and CI only.
 * @module
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".jsonl": "application/x-ndjson",
  ".svg": "image/svg+xml",
  ".wasm": "application/wasm",
};

/** The headers a page needs for `SharedArrayBuffer` (the CPU backend's worker threads). */
export const CROSS_ORIGIN_ISOLATION: Readonly<Record<string, string>> = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

/** A running server and the URL each mount is reachable at. */
export interface StaticServer {
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * Serves directories at URL prefixes, e.g. `{ "/a/b/": "dist" }`. Directories serve `index.html`.
 * @param mounts URL prefix (starting and ending with `/`) → directory.
 * @param headers Sent with every file, e.g. {@link CROSS_ORIGIN_ISOLATION}.
 */
export async function serveStatic(
  mounts: Record<string, string>,
  headers: Readonly<Record<string, string>> = {},
): Promise<StaticServer> {
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const prefix = Object.keys(mounts).find((p) => path.startsWith(p));
    if (!prefix) {
      res.writeHead(404).end("not found");
      return;
    }
    const root = normalize(mounts[prefix]);
    let file = normalize(join(root, path.slice(prefix.length)));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end("forbidden");
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const info = await stat(file);
      res.writeHead(200, {
        "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
        "Content-Length": info.size,
        ...headers,
      });
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
