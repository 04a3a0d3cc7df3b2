/**
 * How `mnist train` shows progress: a live bar and a table on a terminal, plain lines otherwise,
 * only the summary with `--quiet`, only run-log JSON lines with `--json`.
 * @module
 */
import type { EpochRecord } from "@mnist/metrics";

/** Output mode chosen from `--json`, `--quiet` and whether stdout is a terminal. */
export type ViewMode = "tty" | "plain" | "quiet" | "json";

/** What the trainer loop tells the view. */
export interface TrainView {
  /** Lines stating backend, adapter, configuration and run directory. */
  header(lines: string[]): void;
  /** `done` of `total` samples of `epoch` processed, `seconds` since the epoch started. */
  progress(epoch: number, epochs: number, done: number, total: number, seconds: number): void;
  epoch(record: EpochRecord, epochs: number): void;
  /** A side note (checkpoint written, interrupted …). */
  note(line: string): void;
  /** The final summary; printed in every mode but `json`. */
  summary(line: string): void;
}

const encoder = new TextEncoder();
const write = (text: string) => Deno.stdout.writeSync(encoder.encode(text));

const TABLE_HEAD = "epoch   train acc  train loss   test acc   test loss   time";
/** The head with validation columns, for a run with a validation split. */
const VAL_TABLE_HEAD = "epoch   train acc  train loss     val acc    val loss   test acc   test loss   time";

function tableHead(r: EpochRecord): string {
  return r.valAccuracy === undefined ? TABLE_HEAD : VAL_TABLE_HEAD;
}

function row(r: EpochRecord, epochs: number): string {
  const width = String(epochs).length;
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`.padStart(9);
  const num = (x: number) => x.toFixed(5).padStart(10);
  const val =
    r.valAccuracy === undefined
      ? ""
      : `  ${pct(r.valAccuracy).padStart(10)}  ${num(r.valLoss ?? Number.NaN)}`;
  return `${`${String(r.epoch).padStart(width)}/${epochs}`.padStart(5)}  ${pct(r.trainAccuracy)}  ${num(r.trainLoss)}${val}  ${pct(r.testAccuracy)}  ${num(r.testLoss)}  ${r.seconds.toFixed(1).padStart(5)}s`;
}

/** Formats seconds as `m:ss`. */
export function clock(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?:??";
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** The one-line progress bar, e.g. `epoch 2/10 [#####.....] 30000/60000  51234 samples/s  ETA 0:01`. */
export function progressLine(
  epoch: number,
  epochs: number,
  done: number,
  total: number,
  seconds: number,
  width = 24,
): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  const rate = seconds > 0 ? done / seconds : 0;
  const eta = rate > 0 ? (total - done) / rate : Number.NaN;
  return `epoch ${epoch}/${epochs} [${"█".repeat(filled)}${"·".repeat(width - filled)}] ${done}/${total}  ${Math.round(rate)} samples/s  ETA ${clock(eta)}`;
}

/** Creates the view for `mode`. */
export function createTrainView(mode: ViewMode): TrainView {
  let headed = false;
  let lastDraw = 0;
  const table = (r: EpochRecord) => {
    if (!headed) write(`${tableHead(r)}\n`);
    headed = true;
  };
  switch (mode) {
    case "json":
      return { header() {}, progress() {}, epoch() {}, note() {}, summary() {} };
    case "quiet":
      return { header() {}, progress() {}, epoch() {}, note() {}, summary: (l) => write(`${l}\n`) };
    case "plain":
      return {
        header: (lines) => write(lines.map((l) => `${l}\n`).join("")),
        progress() {},
        epoch: (r, epochs) => {
          table(r);
          write(`${row(r, epochs)}\n`);
        },
        note: (l) => write(`${l}\n`),
        summary: (l) => write(`${l}\n`),
      };
    case "tty":
      return {
        header: (lines) => write(lines.map((l) => `${l}\n`).join("")),
        progress: (epoch, epochs, done, total, seconds) => {
          const now = performance.now();
          if (done < total && now - lastDraw < 50) return;
          lastDraw = now;
          write(`\r\x1b[2K${progressLine(epoch, epochs, done, total, seconds)}`);
        },
        epoch: (r, epochs) => {
          write("\r\x1b[2K");
          table(r);
          write(`${row(r, epochs)}\n`);
        },
        note: (l) => write(`\r\x1b[2K${l}\n`),
        summary: (l) => write(`\r\x1b[2K${l}\n`),
      };
  }
}
