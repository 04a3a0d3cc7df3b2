/**
 * How `mnist sweep` shows progress: a table with one row per configuration (its swept values, the
 * last epoch's validation accuracy and loss, the best epoch), redrawn in place on a terminal; one line
 * per configuration and epoch otherwise; only the summary with `--quiet`; nothing but the tagged
 * run-log lines with `--json`.
 * @module
 */
import type { EpochRecord } from "@mnist/metrics";
import type { SweepRunStatus } from "@mnist/metrics/sweep";
import type { ViewMode } from "./train_view.ts";

/** What the view shows of one configuration. */
export interface SweepRow {
  readonly id: string;
  readonly epochs: number;
  readonly last?: EpochRecord;
  readonly best?: EpochRecord;
  readonly status: SweepRunStatus;
}

const encoder = new TextEncoder();
const write = (text: string) => Deno.stdout.writeSync(encoder.encode(text));
const pct = (x: number | undefined) => (x === undefined ? "–" : `${(x * 100).toFixed(2)}%`);
const num = (x: number | undefined) => (x === undefined ? "–" : x.toFixed(5));

/** The table's lines: a head and one row per configuration. */
export function sweepTable(rows: readonly SweepRow[]): string[] {
  const idWidth = Math.max(13, ...rows.map((r) => r.id.length));
  const head = `${"configuration".padEnd(idWidth)}  epoch    val acc   val loss  best val acc  status`;
  return [
    head,
    ...rows.map((r) => {
      const epoch = r.last === undefined ? "–" : `${r.last.epoch}/${r.epochs}`;
      const best = r.best === undefined ? "–" : `${pct(r.best.valAccuracy)} (${r.best.epoch})`;
      return `${r.id.padEnd(idWidth)}  ${epoch.padStart(5)}  ${pct(r.last?.valAccuracy).padStart(9)}  ${num(r.last?.valLoss).padStart(9)}  ${best.padStart(12)}  ${r.status}`;
    }),
  ];
}

/** What the sweep loop tells the view. */
export interface SweepView {
  header(lines: string[]): void;
  /** A configuration finished an epoch (`changed`) or changed status; `rows` is every configuration now. */
  update(rows: readonly SweepRow[], changed?: SweepRow): void;
  note(line: string): void;
  /** The final table and summary; printed in every mode but `json` (`quiet`: the summary only). */
  summary(rows: readonly SweepRow[], lines: string[]): void;
}

/** The terminal's height in lines (24 when it cannot be asked). */
function terminalRows(): number {
  try {
    return Deno.consoleSize().rows;
  } catch {
    return 24;
  }
}

/**
 * Creates the view for `mode` and `configurations` rows; on a terminal too short for the table,
 * which then cannot be redrawn in place, the table prints line by line as in `plain`.
 */
export function createSweepView(mode: ViewMode, configurations: number): SweepView {
  if (mode === "tty" && configurations + 3 > terminalRows()) mode = "plain";
  let drawn = 0;
  let lastDraw = 0;
  switch (mode) {
    case "json":
      return { header() {}, update() {}, note() {}, summary() {} };
    case "quiet":
      return {
        header() {},
        update() {},
        note() {},
        summary: (_rows, lines) => write(lines.map((l) => `${l}\n`).join("")),
      };
    case "plain":
      return {
        header: (lines) => write(lines.map((l) => `${l}\n`).join("")),
        update: (rows, changed) => {
          if (changed?.last === undefined) return;
          // Rows line up with the head printed once, sized for every configuration's id.
          const lines = sweepTable([...rows.filter((r) => r !== changed), changed]);
          if (drawn === 0) write(`${lines[0]}\n`);
          drawn = 1;
          write(`${lines.at(-1)}\n`);
        },
        note: (l) => write(`${l}\n`),
        summary: (rows, lines) => write([...sweepTable(rows), ...lines].map((l) => `${l}\n`).join("")),
      };
    case "tty": {
      const draw = (rows: readonly SweepRow[]) => {
        const lines = sweepTable(rows);
        write(`${drawn > 0 ? `\x1b[${drawn}A` : ""}${lines.map((l) => `\r\x1b[2K${l}\n`).join("")}`);
        drawn = lines.length;
      };
      return {
        header: (lines) => write(lines.map((l) => `${l}\n`).join("")),
        update: (rows) => {
          const now = performance.now();
          if (drawn > 0 && now - lastDraw < 100) return;
          lastDraw = now;
          draw(rows);
        },
        note: (l) => {
          write(`${l}\n`);
          drawn = 0;
        },
        summary: (rows, lines) => {
          draw(rows);
          write(lines.map((l) => `${l}\n`).join(""));
        },
      };
    }
  }
}
