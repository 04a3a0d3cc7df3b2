/**
 * What the page adds when `mnist dashboard` serves it (its index.html then carries a marker, so a
 * static host is never asked for `api/runs`): the run list above everything, and a listed run that is
 * still training followed as its log grows (live_run.ts), then opened whole, with its model, once
 * its writer is done.
 * @module
 */
import type { RunStartRecord } from "@mnist/metrics";
import { LiveLog } from "./live_run.ts";
import type { OpenedRun, OpenRequest } from "./open_run.ts";
import type { ResultsView } from "./results.ts";
import { fetchRuns, type RunSummary, RunsList } from "./runs_list.ts";

/** What the page lends the served-run views. */
export interface ServedRunsHost {
  /** Opens a run into the run view (main.ts). */
  readonly open: (request: OpenRequest) => Promise<OpenedRun | null>;
  readonly results: ResultsView;
  readonly setOpenStatus: (text: string, state?: "ok" | "partial" | "error") => void;
  /** The section the run list goes before. */
  readonly before: HTMLElement;
}

/** The run list and the run being followed. */
export class ServedRuns {
  readonly #host: ServedRunsHost;
  readonly #list: RunsList;
  #following: LiveLog | null = null;
  /** The log URL of the listed run in the run view, if one is. */
  #shown: string | null = null;

  constructor(host: ServedRunsHost, first: NonNullable<Awaited<ReturnType<typeof fetchRuns>>>) {
    this.#host = host;
    this.#list = new RunsList(document.baseURI, first, host.before, (run) => {
      history.replaceState(null, "", `?run=${encodeURIComponent(run.log)}`);
      document.getElementById("results")?.scrollIntoView();
      void this.openUrl(new URL(run.log, document.baseURI).href);
    });
  }

  /** Stops following a run (another run or a browser training takes the run view). */
  unfollow(): void {
    this.#following?.stop();
    this.#shown = null;
    this.#list.setOpen(null);
  }

  /** Opens the log at `url`; a listed run that is training is followed. */
  async openUrl(url: string): Promise<void> {
    const listed = this.#list.runAt(url);
    const run = await this.#host.open({ url, model: listed?.hasModel });
    this.#list.setOpen(listed?.name ?? null);
    this.#shown = run ? url : null;
    const start = run?.records?.find((r): r is RunStartRecord => r.type === "run-start");
    if (run && start && listed?.status === "running") this.#follow(url, run, start, listed);
  }

  #follow(url: string, run: OpenedRun, start: RunStartRecord, listed: RunSummary): void {
    const { results, setOpenStatus } = this.#host;
    const box = document.getElementById("results") as HTMLElement;
    const notes = results.notes.filter(([k]) => k !== "Log");
    const status = (ended = false) => {
      const done = results.records.findLast((r) => r.type === "epoch");
      const total = listed.epochsTotal ?? "?";
      const text = ended
        ? "ended: opening it whole, with its model…"
        : `training: drawn as its log grows (epoch ${done?.type === "epoch" ? done.epoch : 0} of ${total})`;
      results.setNotes([["Status", text], ...notes]);
    };
    const live = new LiveLog({
      url,
      offset: run.logBytes,
      start,
      onRecords: (records) => {
        for (const r of records) results.append(r);
        status();
      },
      onEnd: (why) => {
        delete box.dataset.live;
        if (this.#following === live) this.#following = null;
        if (why === "stopped") return;
        if (this.#shown !== url) return; // another run took the view meanwhile
        if (why === "ended") status(true);
        if (why === "replaced") void this.openUrl(url);
        else if (why !== "ended") setOpenStatus(why, "error");
        // The model and the final views are written as the run ends: opened whole once its writer is gone.
        else
          void this.#untilStopped(listed.name).then(() => {
            if (this.#shown === url) void this.openUrl(url);
          });
      },
      running: () => this.#list.run(listed.name)?.status === "running",
    });
    this.#following = live;
    box.dataset.live = listed.name;
    status();
    const opened = document.getElementById("open-status")?.textContent ?? "";
    setOpenStatus(`${opened} Following the run as it trains.`, "ok");
  }

  /** Resolves once the list no longer shows run `name` as running (or after a minute). */
  async #untilStopped(name: string): Promise<void> {
    for (let i = 0; i < 60 && this.#list.run(name)?.status === "running"; i++)
      await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** The served-run views, or null when a static host serves the page. */
export async function connectServedRuns(host: ServedRunsHost): Promise<ServedRuns | null> {
  if (document.querySelector('meta[name="mnist-dashboard"]') === null) return null;
  const first = await fetchRuns(document.baseURI);
  return first ? new ServedRuns(host, first) : null;
}
