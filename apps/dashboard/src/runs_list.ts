/**
 * The run list of a page served by `mnist dashboard`: found by asking the server for `api/runs` (a
 * plain static host has no such JSON, and the section stays out of the page), then polled every two
 * seconds so new runs appear and running ones count their epochs. Each row can be ticked for comparison;
 * with two or more ticked, "Compare" hands their summaries on (served_runs.ts). The body's shape is the CLI's
 * `RunsResponse` (apps/cli/src/dashboard_server.ts), restated here because the page does not import
 * the CLI. All text goes in through `textContent`.
 * @module
 */
import "./runs_list.css";
import type { RunSummary } from "@mnist/metrics";
import { localTime } from "./run_data.ts";

export type { RunSummary };

interface RunsResponse {
  readonly runsDir: string;
  readonly runs: RunSummary[];
}

const POLL_MS = 2000;

function isRunsResponse(value: unknown): value is RunsResponse {
  const v = value as RunsResponse;
  return typeof v === "object" && v !== null && typeof v.runsDir === "string" && Array.isArray(v.runs);
}

/** The server's run list, or null when the page is not served by `mnist dashboard`. */
export async function fetchRuns(base: string): Promise<RunsResponse | null> {
  try {
    const response = await fetch(new URL("api/runs", base), { cache: "no-store" });
    if (!response.ok || !/application\/json/.test(response.headers.get("content-type") ?? "")) return null;
    const body: unknown = await response.json();
    return isRunsResponse(body) ? body : null;
  } catch {
    return null;
  }
}

const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(2)}%`);

/** Seconds as `0.4 s`, `12 s`, `3 min 05 s`, `1 h 02 min`. */
export function duration(seconds: number): string {
  if (!(seconds >= 0)) return "—";
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, "0")} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}

/** The configuration in one line: `tutorial · mse · sgd · lr 0.05 · batch 100`. */
export function configLine(c: RunSummary["config"]): string {
  return [
    c.preset,
    c.loss,
    c.optimizer,
    c.lr === null ? null : `lr ${c.lr}`,
    c.batchSize === null ? null : `batch ${c.batchSize}`,
  ]
    .filter((x) => x !== null)
    .join(" · ");
}

/** Columns: header, field name (for tests and narrow layouts), cell text. */
const COLUMNS: [string, string, (r: RunSummary) => string][] = [
  ["Dataset", "dataset", (r) => r.dataset ?? "unknown"],
  ["Configuration", "config", (r) => configLine(r.config) || "—"],
  ["Epochs", "epochs", (r) => `${r.epochsDone} / ${r.epochsTotal ?? "?"}`],
  [
    "Test accuracy (best)",
    "test",
    (r) => (r.finalTestAccuracy === null ? "—" : `${pct(r.finalTestAccuracy)} (${pct(r.bestTestAccuracy)})`),
  ],
  [
    "Validation (best)",
    "val",
    (r) => (r.finalValAccuracy === null ? "—" : `${pct(r.finalValAccuracy)} (${pct(r.bestValAccuracy)})`),
  ],
  ["Duration", "duration", (r) => (r.seconds > 0 ? duration(r.seconds) : "—")],
  ["Started", "started", (r) => (r.startedAt ? localTime(r.startedAt) : "—")],
];

/** The run list section; see the module comment. */
export class RunsList {
  readonly #base: string;
  readonly #onOpen: (run: RunSummary) => void;
  readonly #onCompare: (runs: RunSummary[]) => void;
  readonly #compare: HTMLButtonElement;
  readonly #compareStatus: HTMLElement;
  /** The runs ticked for comparison, in the order they were ticked. */
  readonly #picked: string[] = [];
  readonly #section: HTMLElement;
  readonly #body: HTMLTableSectionElement;
  readonly #status: HTMLElement;
  #runs = new Map<string, RunSummary>();
  #open: string | null = null;

  /**
   * Adds the section before `before` and starts polling.
   * @param first the server's first answer (from {@link fetchRuns}).
   * @param onOpen called when a run's name is clicked.
   * @param onCompare called with the ticked runs (two or more) when "Compare" is clicked.
   */
  constructor(
    base: string,
    first: RunsResponse,
    before: HTMLElement,
    onOpen: (run: RunSummary) => void,
    onCompare: (runs: RunSummary[]) => void,
  ) {
    this.#base = base;
    this.#onOpen = onOpen;
    this.#onCompare = onCompare;
    this.#section = document.createElement("section");
    this.#section.id = "runs";
    this.#section.setAttribute("aria-labelledby", "runs-h");
    const h = document.createElement("h2");
    h.id = "runs-h";
    h.textContent = "Runs";
    this.#status = document.createElement("p");
    this.#status.id = "runs-status";
    this.#status.className = "hint";
    const actions = document.createElement("div");
    actions.className = "runs-actions";
    this.#compare = document.createElement("button");
    this.#compare.type = "button";
    this.#compare.id = "runs-compare";
    this.#compare.addEventListener("click", () => {
      const runs = this.#picked.map((name) => this.#runs.get(name)).filter((r) => r !== undefined);
      if (runs.length >= 2) this.#onCompare(runs);
    });
    // The hint stays outside the button: a disabled button's text is dimmed past reading.
    const hint = document.createElement("span");
    hint.id = "runs-compare-hint";
    hint.className = "hint";
    hint.textContent = "Tick two or more runs to compare them side by side.";
    this.#compare.setAttribute("aria-describedby", hint.id);
    this.#compareStatus = document.createElement("span");
    this.#compareStatus.id = "runs-compare-status";
    this.#compareStatus.className = "hint";
    this.#compareStatus.setAttribute("aria-live", "polite");
    actions.append(this.#compare, hint, this.#compareStatus);
    const wrap = document.createElement("div");
    wrap.className = "runs-wrap";
    const table = document.createElement("table");
    table.id = "runs-table";
    table.className = "runs-table";
    const head = table.createTHead().insertRow();
    for (const title of ["Run", "Status", ...COLUMNS.map((c) => c[0])]) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = title;
      head.append(th);
    }
    this.#body = table.createTBody();
    wrap.append(table);
    this.#section.append(h, this.#status, actions, wrap);
    before.before(this.#section);
    const link = document.createElement("a");
    link.href = "#runs";
    link.textContent = "Runs";
    document.querySelector(".top nav")?.prepend(link);
    this.#render(first);
    this.#labelCompare();
    setInterval(() => void this.#refresh(), POLL_MS);
  }

  /** The latest summary of run `name`, if listed. */
  run(name: string): RunSummary | undefined {
    return this.#runs.get(name);
  }

  /** The listed run whose log is at `url` (absolute), if any. */
  runAt(url: string): RunSummary | undefined {
    return [...this.#runs.values()].find((r) => new URL(r.log, this.#base).href === url);
  }

  /** Says how the comparison of the ticked runs goes; `state` is left off while it is under way. */
  setCompareStatus(text: string, state?: "ok" | "error"): void {
    this.#compareStatus.textContent = text;
    if (state) this.#compareStatus.dataset.state = state;
    else delete this.#compareStatus.dataset.state;
  }

  /** Marks the run shown in the run view. */
  setOpen(name: string | null): void {
    this.#open = name;
    for (const row of this.#body.rows) row.toggleAttribute("aria-current", row.dataset.run === name);
  }

  async #refresh(): Promise<void> {
    const body = await fetchRuns(this.#base);
    if (body === null) {
      this.#status.textContent = "The server does not answer: is mnist dashboard still running?";
      this.#status.dataset.state = "error";
      return;
    }
    this.#render(body);
  }

  #render(body: RunsResponse): void {
    this.#runs = new Map(body.runs.map((r) => [r.name, r]));
    const running = body.runs.filter((r) => r.status === "running").length;
    this.#status.textContent =
      body.runs.length === 0
        ? `No runs in ${body.runsDir} yet: start one with "mnist train --out ${body.runsDir}/NAME"; it appears here.`
        : `${body.runs.length} run${body.runs.length === 1 ? "" : "s"} in ${body.runsDir}${running ? `, ${running} running` : ""}. Select a run to open it below.`;
    delete this.#status.dataset.state;
    const rows = new Map([...this.#body.rows].map((row) => [row.dataset.run ?? "", row]));
    body.runs.forEach((run, i) => {
      const row = rows.get(run.name) ?? this.#newRow(run.name);
      rows.delete(run.name);
      this.#fill(row, run);
      if (this.#body.rows[i] !== row) this.#body.insertBefore(row, this.#body.rows[i] ?? null);
    });
    for (const gone of rows.values()) gone.remove();
    // A run whose directory went away can no longer be compared.
    const kept = this.#picked.filter((name) => this.#runs.has(name));
    if (kept.length !== this.#picked.length) {
      this.#picked.splice(0, this.#picked.length, ...kept);
      this.#labelCompare();
    }
  }

  /** The button says how many runs are ticked, and is usable from two. */
  #labelCompare(): void {
    const n = this.#picked.length;
    this.#compare.disabled = n < 2;
    this.#compare.textContent = n < 2 ? "Compare" : `Compare ${n} runs`;
  }

  #pick(name: string, on: boolean): void {
    const at = this.#picked.indexOf(name);
    if (on && at < 0) this.#picked.push(name);
    if (!on && at >= 0) this.#picked.splice(at, 1);
    this.#labelCompare();
  }

  #newRow(name: string): HTMLTableRowElement {
    const row = document.createElement("tr");
    row.dataset.run = name;
    const th = document.createElement("th");
    th.scope = "row";
    const open = document.createElement("button");
    open.type = "button";
    open.className = "run-open";
    open.textContent = name;
    open.addEventListener("click", () => {
      const run = this.#runs.get(name);
      if (run) this.#onOpen(run);
    });
    const pick = document.createElement("input");
    pick.type = "checkbox";
    pick.className = "run-pick";
    pick.setAttribute("aria-label", `compare ${name}`);
    pick.title = "Tick to compare";
    pick.addEventListener("change", () => this.#pick(name, pick.checked));
    th.append(pick, open);
    row.append(th);
    for (const field of ["status", ...COLUMNS.map((c) => c[1])]) {
      const td = document.createElement("td");
      td.dataset.field = field;
      row.append(td);
    }
    row.toggleAttribute("aria-current", name === this.#open);
    return row;
  }

  #fill(row: HTMLTableRowElement, run: RunSummary): void {
    const cells = row.cells;
    const status = cells[1];
    let badge = status.firstElementChild as HTMLElement | null;
    if (!badge) {
      badge = document.createElement("span");
      badge.className = "badge";
      status.append(badge);
    }
    badge.textContent = run.problem ? "unreadable" : run.status;
    badge.dataset.status = run.problem ? "error" : run.status;
    badge.title = run.problem ?? run.note ?? "";
    row.dataset.status = run.status;
    COLUMNS.forEach(([title, , text], i) => {
      const td = cells[i + 2];
      td.dataset.label = title;
      const value = text(run);
      if (td.textContent !== value) td.textContent = value;
    });
    status.dataset.label = "Status";
  }
}
