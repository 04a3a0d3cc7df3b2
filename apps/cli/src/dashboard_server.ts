/**
 * The HTTP side of `mnist dashboard`: the built dashboard at `/`, the runs directory's files under
 * `/runs/`, and `GET /api/runs` (see runs_index.ts). Read-only by construction: GET and HEAD only;
 * a path is served only when every segment is an ordinary name (no `..`, no hidden files, no encoded
 * `/`) and the file it resolves to (through every link) is a regular file inside the directory it was
 * asked from. Requests must name this server as their host, so a web page whose domain is re-pointed
 * at 127.0.0.1 (DNS rebinding) cannot read the runs; no CORS header is sent, so no other origin can.
 * @module
 */
import { extname, join, relative, sep } from "node:path";
import { type RunSummary, RunsIndex } from "./runs_index.ts";

/** Content types by extension; anything else is served as bytes. */
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".jsonl": "application/x-ndjson; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".gz": "application/gzip",
  ".woff2": "font/woff2",
  ".safetensors": "application/octet-stream",
};

/** What {@link dashboardHandler} serves. */
export interface DashboardSite {
  /** The built dashboard (holds `index.html`). */
  readonly appDir: string;
  /** The runs directory. */
  readonly runsDir: string;
  /** Host names (`host:port`) requests may carry; any when absent (in-process tests). */
  readonly hosts?: readonly string[];
}

/** The body of `GET /api/runs`. */
export interface RunsResponse {
  readonly runsDir: string;
  readonly runs: RunSummary[];
}

/**
 * Sent with everything. Cross-origin isolation (COOP + COEP) lets the page's CPU backend train on
 * worker threads (SharedArrayBuffer); a `?run=` log from another server is fetched with CORS, which
 * isolation allows.
 */
const SECURITY_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

function plain(status: number, text: string, extra: Record<string, string> = {}): Response {
  return new Response(`${text}\n`, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", ...SECURITY_HEADERS, ...extra },
  });
}

/**
 * A request handler for `Deno.serve` serving `site`.
 * @param site the directories and allowed host names.
 * @returns the handler; it never throws (failures are HTTP errors).
 */
export function dashboardHandler(site: DashboardSite): (request: Request) => Promise<Response> {
  const index = new RunsIndex(site.runsDir);
  return async (request) => {
    if (request.method !== "GET" && request.method !== "HEAD")
      return plain(405, "method not allowed: this server is read-only", { Allow: "GET, HEAD" });
    const host = request.headers.get("host") ?? "";
    if (site.hosts !== undefined && !site.hosts.includes(host))
      return plain(421, `unknown host "${host}": expected ${site.hosts.join(" or ")}`);
    const url = new URL(request.url);
    const head = request.method === "HEAD";
    if (url.pathname === "/api/runs") {
      let runs: RunSummary[];
      try {
        runs = await index.list();
      } catch (error) {
        return plain(500, `Cannot list ${site.runsDir}: ${(error as Error).message}`);
      }
      const body: RunsResponse = { runsDir: site.runsDir, runs };
      return new Response(head ? null : JSON.stringify(body), {
        headers: { "Content-Type": TYPES[".json"], "Cache-Control": "no-store", ...SECURITY_HEADERS },
      });
    }
    const segments = pathSegments(url.pathname);
    if (segments === null) return plain(400, "bad path: expected plain names between slashes");
    if (segments[0] === "runs") return await serveFile(site.runsDir, segments.slice(1), request, true);
    if (segments.length === 0 || (segments.length === 1 && segments[0] === "index.html"))
      return await servePage(site.appDir, request);
    return await serveFile(site.appDir, segments, request, false);
  };
}

/** The marker by which the page knows that it may ask for `api/runs` (a static host has none). */
export const SERVER_MARKER = '<meta name="mnist-dashboard" content="api/runs">';

/** The dashboard's index.html with {@link SERVER_MARKER} in its head. */
async function servePage(appDir: string, request: Request): Promise<Response> {
  let html: string;
  try {
    html = await Deno.readTextFile(join(appDir, "index.html"));
  } catch {
    return plain(404, "not found: the dashboard's index.html");
  }
  const body = new TextEncoder().encode(
    /<head[^>]*>/i.test(html)
      ? html.replace(/<head[^>]*>/i, (head) => `${head}\n    ${SERVER_MARKER}`)
      : `${SERVER_MARKER}\n${html}`,
  );
  return new Response(request.method === "HEAD" ? null : body, {
    headers: {
      "Content-Type": TYPES[".html"],
      "Content-Length": String(body.length),
      "Cache-Control": "no-cache",
      ...SECURITY_HEADERS,
    },
  });
}

/**
 * The decoded segments of a URL path, or null when one is not an ordinary name: empty (`//`), `.` or
 * `..`, hidden (`.lock`), or holding a slash, backslash or control character once decoded.
 */
export function pathSegments(pathname: string): string[] | null {
  const raw = pathname.split("/").slice(1);
  if (raw.at(-1) === "") raw.pop(); // a trailing slash
  const out: string[] = [];
  for (const part of raw) {
    let name: string;
    try {
      name = decodeURIComponent(part);
    } catch {
      return null;
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
    if (name === "" || name.startsWith(".") || /[/\\\u0000-\u001f]/.test(name)) return null;
    out.push(name);
  }
  return out;
}

/** Serves `segments` under `root` (whole, or the byte range asked for); 404 for anything else. */
async function serveFile(
  root: string,
  segments: string[],
  request: Request,
  live: boolean,
): Promise<Response> {
  const path = join(root, ...segments);
  let real: string;
  let realRoot: string;
  try {
    [real, realRoot] = await Promise.all([Deno.realPath(path), Deno.realPath(root)]);
  } catch {
    return plain(404, "not found");
  }
  const rel = relative(realRoot, real);
  if (rel === ".." || rel.startsWith(`..${sep}`) || rel.startsWith(sep))
    return plain(403, "forbidden: the path leads outside the served directory");
  let file: Deno.FsFile;
  try {
    file = await Deno.open(real);
  } catch {
    return plain(404, "not found");
  }
  const info = await file.stat();
  if (!info.isFile) {
    file.close();
    return plain(404, "not found");
  }
  const headers: Record<string, string> = {
    "Content-Type": TYPES[extname(real).toLowerCase()] ?? "application/octet-stream",
    "Accept-Ranges": "bytes",
    // Run files change while a run trains; the app's hashed assets may be cached but are small.
    "Cache-Control": live ? "no-store" : "no-cache",
    ...SECURITY_HEADERS,
  };
  const range = byteRange(request.headers.get("range"), info.size);
  if (range === "unsatisfiable") {
    file.close();
    return plain(416, "range not satisfiable", { "Content-Range": `bytes */${info.size}` });
  }
  const [start, end] = range ?? [0, info.size - 1];
  const length = Math.max(0, end - start + 1);
  headers["Content-Length"] = String(length);
  if (range) headers["Content-Range"] = `bytes ${start}-${end}/${info.size}`;
  const status = range ? 206 : 200;
  if (request.method === "HEAD" || length === 0) {
    file.close();
    return new Response(null, { status, headers });
  }
  await file.seek(start, Deno.SeekMode.Start);
  return new Response(boundedStream(file, length), { status, headers });
}

/**
 * One `bytes=A-B`, `bytes=A-` or `bytes=-N` range within `size` bytes; null when there is no usable
 * Range header (several ranges are served whole, as RFC 9110 allows).
 */
export function byteRange(header: string | null, size: number): [number, number] | "unsatisfiable" | null {
  const m = header === null ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (m === null || (m[1] === "" && m[2] === "")) return null;
  if (m[1] === "") {
    const n = Number(m[2]);
    return n === 0 || size === 0 ? "unsatisfiable" : [Math.max(0, size - n), size - 1];
  }
  const start = Number(m[1]);
  if (start >= size) return "unsatisfiable";
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  return end < start ? null : [start, end];
}

/** The next `length` bytes of `file` (a log may grow meanwhile: Content-Length holds), then closes it. */
function boundedStream(file: Deno.FsFile, length: number): ReadableStream<Uint8Array> {
  let left = length;
  return new ReadableStream({
    type: "bytes",
    async pull(controller) {
      const buffer = new Uint8Array(Math.min(left, 64 * 1024));
      const n = await file.read(buffer);
      if (n === null || n === 0) {
        file.close();
        controller.close();
        return;
      }
      left -= n;
      controller.enqueue(buffer.subarray(0, n));
      if (left === 0) {
        file.close();
        controller.close();
      }
    },
    cancel() {
      file.close();
    },
  });
}
