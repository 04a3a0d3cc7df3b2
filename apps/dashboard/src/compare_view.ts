/**
 * The comparison view: several runs side by side — accuracy and loss overlaid in uPlot (one colour
 * per run, train solid, test dashed, each legend entry ending in its last value), the final metrics
 * side by side with the best of each row marked, and the configurations with the settings that differ
 * highlighted. The same model and cells as `mnist report RUN_DIR...` (`@mnist/metrics`).
 * {@link compareRuns} shows runs already read (the run list of `mnist dashboard` calls it);
 * {@link openComparison} reads them first, from chosen files or `?run=` URLs.
 * @module
 */
import "./compare_view.css";
import {
  COMPARE_COLORS,
  COMPARISON_CHART_KINDS,
  type ComparisonChartKind,
  compareRunLogs,
  comparisonChartData,
  configSummary,
  configValueText,
  finalMetricRows,
  type NamedRunLog,
  type RunComparison,
} from "@mnist/metrics";
import { uplotData, uplotOptions } from "@mnist/metrics/plot";
import uPlot from "uplot";
import { readLog } from "./open_run.ts";
import { lighten, pageTheme } from "./run_charts.ts";

const HEIGHT = 260;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

/** What to compare: chosen run logs, or their URLs. */
export type CompareRequest = { readonly files: readonly File[] } | { readonly urls: readonly string[] };

/** The charts and tables of the runs now compared, drawn into the page's `#compare` section. */
class CompareView {
  readonly #section: HTMLElement;
  readonly #charts = new Map<ComparisonChartKind, uPlot>();
  #comparison: RunComparison | null = null;

  constructor(section: HTMLElement) {
    this.#section = section;
    new ResizeObserver(() => this.#fit()).observe(section);
  }

  /** The comparison shown, or null. */
  get comparison(): RunComparison | null {
    return this.#comparison;
  }

  /** The uPlot instance of each chart. */
  get charts(): ReadonlyMap<ComparisonChartKind, uPlot> {
    return this.#charts;
  }

  show(runs: readonly NamedRunLog[]): RunComparison {
    const c = compareRunLogs(runs);
    this.#comparison = c;
    this.#section.hidden = false;
    $("compare-title").textContent = `Comparison of ${c.runs.length} run${c.runs.length === 1 ? "" : "s"}`;
    const note = $("compare-note");
    note.hidden = c.dataNote === undefined;
    note.textContent = c.dataNote ?? "";
    this.#renderRuns(c);
    this.#drawCharts();
    this.#renderFinals(c);
    this.#renderConfig(c);
    return c;
  }

  /** Redraws the charts in the page's current theme. */
  redraw(): void {
    if (this.#comparison) this.#drawCharts();
  }

  /** The runs' colours for the page's theme: lifted towards white on a dark page, as the run charts are. */
  #colors(): readonly string[] | undefined {
    const dark = getComputedStyle(document.documentElement).colorScheme === "dark";
    return dark ? COMPARE_COLORS.map((c) => lighten(c, 0.4)) : undefined;
  }

  #renderRuns(c: RunComparison): void {
    const list = $("compare-runs");
    const colors = this.#colors();
    list.replaceChildren(
      ...c.runs.map((r, i) => {
        const li = el("li");
        li.dataset.run = r.name;
        const swatch = el("span", undefined, "swatch");
        swatch.style.borderColor = colors?.[i] ?? r.color;
        const what = [r.dataset ?? "data not recorded", r.finals.status].join(" · ");
        li.append(swatch, el("strong", r.name), ` — ${what}`);
        return li;
      }),
    );
  }

  #drawCharts(): void {
    const c = this.#comparison!;
    const box = $("compare-charts");
    for (const u of this.#charts.values()) u.destroy();
    this.#charts.clear();
    box.replaceChildren();
    const theme = pageTheme();
    const colors = this.#colors();
    for (const kind of COMPARISON_CHART_KINDS) {
      const cell = el("div");
      cell.dataset.chart = kind;
      box.append(cell);
      const data = comparisonChartData(c, kind, { colors });
      cell.setAttribute("role", "figure");
      cell.setAttribute("aria-label", `${data.title}: ${c.runs.map((r) => r.name).join(", ")}`);
      const width = Math.max(200, Math.floor(cell.clientWidth || box.clientWidth));
      const options = uplotOptions(data, { width, height: HEIGHT }, { ...theme, series: {} });
      // The labels end in the last value: off the chart the legend shows no second, empty one.
      for (const s of options.series.slice(1)) {
        const own = s.value as (u: uPlot, v: number, i: number, j: number | null) => string;
        s.value = (u, v, i, j) => (v == null ? "" : own(u, v, i, j));
      }
      options.series[0].value = (_u, v) => (v == null ? "" : String(v));
      this.#charts.set(kind, new uPlot(options, uplotData(data), cell));
    }
  }

  #fit(): void {
    for (const u of this.#charts.values()) {
      const width = Math.max(200, Math.floor(u.root.parentElement?.clientWidth ?? 0));
      if (width > 0 && Math.abs(u.width - width) > 1) u.setSize({ width, height: HEIGHT });
    }
  }

  #header(c: RunComparison, first: string): HTMLTableSectionElement {
    const colors = this.#colors();
    const head = el("thead");
    const tr = el("tr");
    tr.append(el("th", first));
    c.runs.forEach((r, i) => {
      const th = el("th");
      th.scope = "col";
      const swatch = el("span", undefined, "swatch");
      swatch.style.borderColor = colors?.[i] ?? r.color;
      th.append(swatch, r.name);
      tr.append(th);
    });
    head.append(tr);
    return head;
  }

  #renderFinals(c: RunComparison): void {
    const table = $<HTMLTableElement>("compare-finals");
    const body = el("tbody");
    for (const row of finalMetricRows(c)) {
      const tr = el("tr");
      tr.dataset.metric = row.label;
      const th = el("th", row.label);
      th.scope = "row";
      tr.append(th);
      tr.append(...row.cells.map((text, i) => el("td", text, row.best[i] ? "best" : undefined)));
      body.append(tr);
    }
    table.replaceChildren(this.#header(c, "metric"), body);
  }

  #renderConfig(c: RunComparison): void {
    $("compare-config-note").textContent = configSummary(c);
    const table = $<HTMLTableElement>("compare-config");
    const body = el("tbody");
    for (const row of c.config) {
      const tr = el("tr");
      tr.dataset.key = row.key;
      if (row.differs) {
        tr.className = "differs";
        tr.dataset.differs = "true";
      }
      const th = el("th", row.key);
      th.scope = "row";
      tr.append(th, ...row.values.map((v) => el("td", configValueText(v))));
      body.append(tr);
    }
    table.replaceChildren(this.#header(c, "setting"), body);
  }
}

let view: CompareView | null = null;

/** The page's comparison view (created on first use). */
export function compareView(): CompareView {
  view ??= new CompareView($("compare"));
  return view;
}

/**
 * Shows several runs side by side in the page's comparison section and scrolls to it.
 *
 * @param runs Each run's name (e.g. its directory's) and its records, as read from its `run.jsonl`.
 * @returns The comparison shown.
 * @throws {RangeError} When `runs` is empty.
 */
export function compareRuns(runs: readonly NamedRunLog[]): RunComparison {
  const c = compareView().show(runs);
  $("compare").scrollIntoView({ block: "start" });
  return c;
}

/** A run's name from its log's URL: the directory of a `run.jsonl`, else the file's name without extension. */
export function runNameOfUrl(url: string): string {
  const parts = new URL(url).pathname.split("/").filter(Boolean).map(decodeURIComponent);
  const file = parts.at(-1) ?? url;
  if (/^run\.jsonl$/i.test(file) && parts.length > 1) return parts.at(-2)!;
  return file.replace(/\.(jsonl|ndjson|txt)$/i, "");
}

/**
 * A run's name from a chosen file: its name without extension, or for a `run.jsonl` its folder when
 * the browser says it (a picked file carries no folder) and else `run N` by its place in the list.
 */
function runNameOfFile(file: File, index: number): string {
  const folder = file.webkitRelativePath.split("/").slice(-2, -1)[0];
  if (/^run\.jsonl$/i.test(file.name)) return folder || `run ${index + 1}`;
  return file.name.replace(/\.(jsonl|ndjson|txt)$/i, "");
}

/**
 * Reads several run logs (in workers, thinned as for one run) and compares them.
 *
 * @param request The chosen log files, or the logs' absolute URLs.
 * @param status Receives what is happening, one line at a time, and the outcome.
 */
export async function openComparison(
  request: CompareRequest,
  status: (text: string, state?: "ok" | "error") => void,
): Promise<void> {
  const sources =
    "files" in request
      ? request.files.map((file, i) => ({ name: runNameOfFile(file, i), read: { file } }))
      : request.urls.map((url) => ({ name: runNameOfUrl(url), read: { url } }));
  status(`Reading ${sources.length} run logs…`);
  let runs: NamedRunLog[];
  try {
    runs = await Promise.all(
      sources.map(async (s) => {
        try {
          return { name: s.name, records: (await readLog(s.read)).records };
        } catch (error) {
          throw new Error(`${s.name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }),
    );
  } catch (error) {
    status(`Cannot compare the runs: ${error instanceof Error ? error.message : String(error)}`, "error");
    return;
  }
  const c = compareRuns(runs);
  status(`Comparing ${c.runs.map((r) => r.name).join(", ")}.`, "ok");
}
